namespace Workbench.Storage;

/// <summary>The store could not be opened: no server programs, a cluster that would not start, a port in use.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
