import MigrationKit

/// The schema VDI declares; filled in with the model DSL.
public enum VDIModels {}
