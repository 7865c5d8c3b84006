import MigrationKit

/// The schema VDI declares today (the Newton release, VDI's first in expand and contract phases), in the conventions of OpenStack services:
/// integer `id` keys with a `uuid` where resources are exposed, `project_id`/`user_id` strings,
/// `created_at`/`updated_at`/`deleted_at` and a soft-delete `deleted` column, InnoDB/utf8mb4 on MySQL.
///
/// The migrations in `Sources/Migrations` must bring an empty database to exactly this schema;
/// `check` after `upgrade head` proves it.
public enum VDIModels {
    /// Every table.
    public static var schema: Schema {
        Schema([services, hosts, images, desktopPools, desktops, desktopAssignments, desktopSessions,
                quotas, quotaUsages, reservations])
    }

    /// The audit columns every table carries.
    static func audit() -> [Column] {
        [
            Column("created_at", .dateTime(timezone: false)),
            Column("updated_at", .dateTime(timezone: false)),
            Column("deleted_at", .dateTime(timezone: false)),
            Column("deleted", .integer, nullable: false, default: .integer(0)),
        ]
    }

    static let hostState = SQLEnum(name: "host_state", values: ["up", "down"])
    static let poolType = SQLEnum(name: "pool_type", values: ["persistent", "pooled"])
    static let desktopState = SQLEnum(name: "desktop_state", values: ["building", "active", "stopped", "error", "suspended"])
    static let sessionProtocol = SQLEnum(name: "session_protocol", values: ["rdp", "spice", "vnc", "pcoip", "blast"])

    /// The services (conductors, schedulers, agents) reporting in.
    public static let services = Table("services", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false, autoincrement: true)
        Column("host", .string(length: 255))
        Column("binary", .string(length: 255))
        Column("topic", .string(length: 255))
        Column("report_count", .integer, nullable: false, default: .integer(0))
        Column("disabled", .boolean, nullable: false, default: .boolean(false))
        Column("disabled_reason", .string(length: 255))
        audit()
        Key.primary("id")
        Key.index("host", "binary")
    }

    /// Hypervisor hosts that run desktops.
    public static let hosts = Table("hosts", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false, autoincrement: true)
        Column("service_id", .integer, nullable: false)
        Column("hostname", .string(length: 255), nullable: false)
        Column("vcpus", .integer, nullable: false, default: .integer(0))
        Column("memory_mb", .integer, nullable: false, default: .integer(0))
        Column("state", .enumeration(hostState), nullable: false, default: .string("up"))
        audit()
        Key.primary("id")
        Key.foreign(["service_id"], references: "services", ["id"], onDelete: .cascade)
    }

    /// Desktop images.
    public static let images = Table("images", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false, autoincrement: true)
        Column("uuid", .string(length: 36), nullable: false)
        Column("name", .string(length: 255))
        Column("os_type", .string(length: 32))
        Column("os_version", .string(length: 32))
        Column("size_bytes", .bigInteger)
        Column("project_id", .string(length: 255))
        audit()
        Key.primary("id")
        Key.unique("uuid")
        Key.check("ck_images_size_bytes", "size_bytes >= 0")
    }

    /// Pools of desktops built from one image.
    public static let desktopPools = Table("desktop_pools", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false, autoincrement: true)
        Column("uuid", .string(length: 36), nullable: false)
        Column("name", .string(length: 255), nullable: false)
        Column("description", .text)
        Column("project_id", .string(length: 255))
        Column("image_id", .integer)
        Column("pool_type", .enumeration(poolType), nullable: false, default: .string("pooled"))
        Column("min_size", .integer, nullable: false, default: .integer(1))
        Column("max_size", .integer, nullable: false, default: .integer(10))
        Column("price_per_hour", .numeric(precision: 10, scale: 4), default: .integer(0))
        audit()
        Key.primary("id", name: "pk_pools")
        Key.foreign(["image_id"], references: "images", ["id"], onDelete: .setNull, name: "fk_pools_image_id_images")
        Key.unique("uuid", name: "uq_pools_uuid")
        Key.unique("project_id", "name", "deleted", name: "uq_desktop_pools_project_name")
        Key.check("ck_desktop_pools_size", "min_size <= max_size")
    }

    /// Desktops: virtual machines in a pool, on a host.
    public static let desktops = Table("desktops", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false, autoincrement: true)
        Column("uuid", .string(length: 36), nullable: false)
        Column("pool_id", .integer, nullable: false)
        Column("host_id", .integer)
        // Newton: renamed from `name` (expand adds it and copies, contract drops `name`).
        Column("display_name", .string(length: 255), previousName: "name")
        Column("state", .enumeration(desktopState), nullable: false, default: .string("building"))
        // Newton: what the hypervisor reports, backfilled from `state` between the phases.
        Column("power_state", .string(length: 16), nullable: false)
        Column("ip_address", .string(length: 39))
        audit()
        Key.primary("id")
        Key.foreign(["pool_id"], references: "desktop_pools", ["id"], onDelete: .cascade, name: "fk_desktops_pool_id_pools")
        Key.foreign(["host_id"], references: "hosts", ["id"], onDelete: .setNull)
        Key.unique("uuid")
        Key.index("pool_id", "state")
    }

    /// Which user a desktop is assigned to.
    public static let desktopAssignments = Table("desktop_assignments", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false, autoincrement: true)
        Column("desktop_id", .integer, nullable: false)
        Column("user_id", .string(length: 255), nullable: false)
        Column("project_id", .string(length: 255))
        Column("assigned_at", .dateTime(timezone: false))
        audit()
        Key.primary("id")
        Key.foreign(["desktop_id"], references: "desktops", ["id"], onDelete: .cascade)
        Key.unique("desktop_id", "user_id", "deleted")
    }

    /// Connections of users to desktops.
    public static let desktopSessions = Table("desktop_sessions", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false, autoincrement: true)
        Column("uuid", .string(length: 36), nullable: false)
        Column("desktop_id", .integer, nullable: false)
        Column("user_id", .string(length: 255))
        Column("protocol", .enumeration(sessionProtocol), nullable: false, default: .string("rdp"))
        Column("client_address", .string(length: 39), comment: "IPv4 or IPv6 address of the client")
        Column("started_at", .dateTime(timezone: false), nullable: false)
        Column("ended_at", .dateTime(timezone: false))
        audit()
        Key.primary("id")
        Key.foreign(["desktop_id"], references: "desktops", ["id"], onDelete: .cascade)
        Key.unique("uuid")
        Key.index("desktop_id", "started_at")
    }

    /// Per-project limits.
    public static let quotas = Table("quotas", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false, autoincrement: true)
        Column("project_id", .string(length: 255))
        Column("resource", .string(length: 255), nullable: false)
        Column("hard_limit", .integer)
        audit()
        Key.primary("id")
        Key.unique("project_id", "resource", "deleted")
    }

    /// What each project and user uses of each resource.
    public static let quotaUsages = Table("quota_usages", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false, autoincrement: true)
        Column("project_id", .string(length: 255))
        Column("user_id", .string(length: 255))
        Column("resource", .string(length: 255), nullable: false)
        Column("in_use", .integer, nullable: false, default: .integer(0))
        Column("reserved", .integer, nullable: false, default: .integer(0))
        Column("until_refresh", .integer)
        audit()
        Key.primary("id")
        Key.index("project_id", "user_id")
    }

    /// Pending changes to usage.
    public static let reservations = Table("reservations", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false, autoincrement: true)
        Column("uuid", .string(length: 36), nullable: false)
        Column("usage_id", .integer, nullable: false)
        Column("project_id", .string(length: 255))
        Column("resource", .string(length: 255))
        Column("delta", .integer, nullable: false)
        Column("expire", .dateTime(timezone: false))
        audit()
        Key.primary("id")
        Key.foreign(["usage_id"], references: "quota_usages", ["id"], onDelete: .cascade)
        Key.index("expire")
    }
}
