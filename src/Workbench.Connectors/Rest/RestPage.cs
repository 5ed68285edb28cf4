using System.Text.Json;

namespace Workbench.Connectors.Rest;

/// <summary>One page as answered: its records (when the page parsed) and what leads to the next page.</summary>
internal sealed record RestPage(int Number, JsonDocument? Document, JsonElement? Records, string? NextCursor, Uri? NextLink, string? Problem) : IDisposable
{
    public int RecordCount => Records?.GetArrayLength() ?? 0;

    public void Dispose() => Document?.Dispose();
}
