namespace Workbench.Storage.Migrations;

/// <summary>Start-up must stop: the store and the migration files disagree.</summary>
public sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);
