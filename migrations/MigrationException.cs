namespace Workbench.Migrations;

/// <summary>Start-up must stop: the store and the migrations of this build disagree.</summary>
public sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);
