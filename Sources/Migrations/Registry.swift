import MigrationKit

/// Every revision of VDI's core history.
public enum VDIMigrations {}
