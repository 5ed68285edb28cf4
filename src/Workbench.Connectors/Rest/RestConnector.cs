using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Polly.Timeout;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Connectors.Rest;

/// <summary>
/// REST/JSON APIs: one dataset per path, pages followed by page number, offset, cursor or Link header,
/// each page fetched through the source's resilience policies. A page is held in memory while its
/// records stream out; the API as a whole never is. Connections go only where the <see cref="RestNetworkPolicy"/>
/// allows (see <see cref="RestHttp"/>), and a message shows at most a sanitised excerpt of an answer.
/// </summary>
public sealed class RestConnector(RestNetworkPolicy networks) : ISourceConnector, IDisposable
{
    private const int InferenceRecords = 200;
    private readonly HttpClient _http = RestHttp.Create(networks);

    public SourceKind Kind => SourceKind.RestApi;

    public async Task<ConnectionCheck> TestAsync(SourceConnection connection, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var path = DatasetPaths(connection) is { Length: > 0 } paths ? paths[0] : "";
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(connection.Timeout);
            using var request = Request(connection, Url(connection, path, 1, null, null));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode
                ? new ConnectionCheck(true, $"The API answered {(int)response.StatusCode} {response.ReasonPhrase}.", watch.Elapsed)
                : new ConnectionCheck(false, StatusMessage(response.StatusCode, 1) + await BodyExcerpt.SentenceAsync(response.Content, timeout.Token), watch.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ConnectionCheck(false, $"The API did not answer within {connection.Timeout.TotalSeconds:0} s.", watch.Elapsed);
        }
        catch (HttpRequestException ex) when (ex.InnerException is RestAddressRefusedException refused)
        {
            return new ConnectionCheck(false, refused.Message, watch.Elapsed);
        }
        catch (HttpRequestException ex)
        {
            return new ConnectionCheck(false, $"Cannot reach the API: {ex.Message}", watch.Elapsed);
        }
        catch (SourceException ex)
        {
            return new ConnectionCheck(false, ex.Message, watch.Elapsed);
        }
    }

    public async Task<IReadOnlyList<DiscoveredDataset>> DiscoverAsync(SourceConnection connection, CancellationToken cancellationToken = default)
    {
        var found = new List<DiscoveredDataset>();
        foreach (var path in DatasetPaths(connection))
        {
            var locator = new DatasetLocator((RestSettings.Path, path));
            found.Add(new DiscoveredDataset(path.Trim('/').Replace('/', '.'), locator, await DescribeAsync(connection, locator, cancellationToken)));
        }
        return found;
    }

    public async Task<IReadOnlyList<FieldSchema>> DescribeAsync(SourceConnection connection, DatasetLocator locator, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        var types = new Dictionary<string, FieldType>(StringComparer.OrdinalIgnoreCase);
        var nullable = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var seen = 0;
        await foreach (var page in PagesAsync(connection, locator, [], new ReadDiagnostics(), cancellationToken))
        {
            using (page)
            {
                foreach (var record in page.Records?.EnumerateArray() ?? default)
                {
                    if (record.ValueKind != JsonValueKind.Object)
                        continue;
                    foreach (var property in record.EnumerateObject())
                    {
                        if (types.TryAdd(property.Name, FieldType.Unknown))
                        {
                            names.Add(property.Name);
                            if (seen > 0)
                                nullable.Add(property.Name);
                        }
                        var type = TypeOf(property.Value);
                        if (type is null)
                            nullable.Add(property.Name);
                        else
                            types[property.Name] = Core.Profiling.TextValues.Widen(types[property.Name], type.Value);
                    }
                    foreach (var name in names.Where(n => !record.TryGetProperty(n, out _)))
                        nullable.Add(name);
                    seen++;
                }
            }
            if (seen >= InferenceRecords)
                break;
        }
        return names.Select(n => new FieldSchema(n, types[n] == FieldType.Unknown ? FieldType.Text : types[n], nullable.Contains(n), null)).ToList();
    }

    public async IAsyncEnumerable<SourceRow> ReadAsync(
        SourceConnection connection, DatasetLocator locator, ReadRequest request, ReadDiagnostics diagnostics,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var names = locator.Fields ?? (await DescribeAsync(connection, locator, cancellationToken)).Select(f => f.Name).ToList();
        RowPipeline.Validate(request, names);
        var shape = new RowShape(names);
        var pushed = connection.Bool(RestSettings.FilterParams, false)
            ? (request.Filters ?? []).Where(f => f.Operator == FilterOperator.Equal && f.Value is not null)
                .Select(f => (f.Field, Convert.ToString(f.Value, System.Globalization.CultureInfo.InvariantCulture)!)).ToArray()
            : [];
        var rows = RowsAsync(connection, locator, shape, pushed, diagnostics, cancellationToken);
        await foreach (var row in RowPipeline.ApplyAsync(rows, request, RowPipeline.Shape(request, names), cancellationToken))
            yield return row;
    }

    private async IAsyncEnumerable<SourceRow> RowsAsync(
        SourceConnection connection, DatasetLocator locator, RowShape shape, (string, string)[] query, ReadDiagnostics diagnostics,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long ordinal = 0;
        var unknownReported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var page in PagesAsync(connection, locator, query, diagnostics, cancellationToken))
        {
            using (page)
            {
                var index = 0;
                foreach (var record in page.Records?.EnumerateArray() ?? default)
                {
                    index++;
                    var position = new RowPosition(++ordinal, null, page.Number);
                    if (record.ValueKind != JsonValueKind.Object)
                    {
                        diagnostics.Handle(connection.MalformedRecords,
                            new MalformedRecord(position, $"record {index} of the page is a {record.ValueKind}, not an object"));
                        continue;
                    }
                    foreach (var property in record.EnumerateObject())
                        if (!shape.TryGetIndex(property.Name, out _) && unknownReported.Add(property.Name))
                            diagnostics.Notes.Add($"Field '{property.Name}' first appears on page {page.Number} and is not in the dataset's schema; discover the source again to read it.");
                    yield return JsonReading.ToRow(record, shape, position);
                }
            }
        }
    }

    /// <summary>Pages in order until the API says there are no more; a page that repeats the previous one stops the read.</summary>
    private async IAsyncEnumerable<RestPage> PagesAsync(
        SourceConnection connection, DatasetLocator locator, (string, string)[] query, ReadDiagnostics diagnostics,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pagination = connection.Text(RestSettings.Pagination, "none").ToLowerInvariant();
        var pageSize = connection.Int(RestSettings.PageSize, 100, 1, 100_000);
        var firstPage = connection.Int(RestSettings.FirstPage, 1, 0, 1);
        var maxPages = connection.Int(RestSettings.MaxPages, 100_000, 1, 10_000_000);
        var path = locator[RestSettings.Path] ?? "";
        var url = Url(connection, path, firstPage, null, query);
        byte[]? previousHash = null;
        for (var number = 1; url is not null; number++)
        {
            if (number > maxPages)
                throw new SourceException($"Stopped after {maxPages} pages (setting {RestSettings.MaxPages}); the API may never end.");
            var body = await FetchAsync(connection, url, number, cancellationToken);
            var page = Parse(connection, locator, number, body.Bytes, body.Link);
            if (page.Problem is not null)
            {
                page.Dispose();
                var record = new MalformedRecord(new RowPosition(0, null, number), page.Problem);
                // Without a parsed page there is no cursor or link to go on with; only numbered pages can be skipped.
                if (pagination is "page" or "offset")
                    diagnostics.Handle(connection.MalformedRecords, record);
                else
                    throw new MalformedRecordException(record);
            }
            else
            {
                var hash = SHA256.HashData(body.Bytes);
                if (previousHash is not null && page.RecordCount > 0 && hash.AsSpan().SequenceEqual(previousHash))
                {
                    page.Dispose();
                    throw new SourceException($"Page {number} repeats page {number - 1}; the API seems to ignore the pagination parameters ({pagination}).");
                }
                previousHash = hash;
                var count = page.RecordCount;
                var cursor = page.NextCursor;
                var link = page.NextLink;
                yield return page;
                url = pagination switch
                {
                    "page" => count < pageSize ? null : Url(connection, path, firstPage + number, null, query),
                    "offset" => count < pageSize ? null : Url(connection, path, 0, (long)number * pageSize, query),
                    "cursor" => string.IsNullOrEmpty(cursor) ? null : Url(connection, path, 0, null, query, cursor),
                    "link" => link is null ? null : SameOrigin(connection, link),
                    _ => null,
                };
                continue;
            }
            url = pagination switch
            {
                "page" => Url(connection, path, firstPage + number, null, query),
                "offset" => Url(connection, path, 0, (long)number * pageSize, query),
                _ => null,
            };
        }
    }

    private static RestPage Parse(SourceConnection connection, DatasetLocator locator, int number, byte[] bytes, Uri? link)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            // The parser's own message quotes the answer; say where it broke and show only a sanitised excerpt.
            return new RestPage(number, null, null, null, null,
                $"page {number} is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).{BodyExcerpt.Sentence(bytes)}");
        }
        // A dataset may say "" to mean the page itself is the array, overriding the source's default path.
        var recordsPath = locator.Values.TryGetValue(RestSettings.RecordsPath, out var own) && own is not null
            ? own
            : connection.Text(RestSettings.RecordsPath);
        var records = JsonValues.Navigate(document.RootElement, recordsPath);
        if (records is not { ValueKind: JsonValueKind.Array })
        {
            document.Dispose();
            return new RestPage(number, null, null, null, null,
                $"page {number} has no array of records at '{(string.IsNullOrEmpty(recordsPath) ? "(the page itself)" : recordsPath)}'");
        }
        var cursor = connection.Text(RestSettings.CursorPath) is { } cursorPath && JsonValues.Navigate(document.RootElement, cursorPath) is { } c
            ? JsonValues.From(c)?.ToString()
            : null;
        return new RestPage(number, document, records, cursor, link, null);
    }

    private async Task<(byte[] Bytes, Uri? Link)> FetchAsync(SourceConnection connection, Uri url, int page, CancellationToken cancellationToken)
    {
        var (pipeline, gate) = RestPolicies.For(connection);
        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(async token =>
            {
                await gate.WaitAsync(token);
                using var request = Request(connection, url);
                return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
            }, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new SourceException($"Page {page}: the API did not answer within {connection.Timeout.TotalSeconds:0} s (after retries).", ex);
        }
        catch (HttpRequestException ex) when (ex.InnerException is RestAddressRefusedException refused)
        {
            throw new RestAddressRefusedException($"Page {page}: {refused.Message}");
        }
        catch (HttpRequestException ex)
        {
            throw new SourceException($"Page {page}: cannot reach the API: {ex.Message}", ex);
        }
        catch (Exception ex) when (RestPolicies.IsOpenCircuit(ex))
        {
            throw new SourceException("The API failed repeatedly; calls to it are paused for a few seconds (circuit open). Try again shortly.", ex);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new SourceException(StatusMessage(response.StatusCode, page) + await BodyExcerpt.SentenceAsync(response.Content, cancellationToken));
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return (bytes, NextLink(response, url));
        }
    }

    private static string StatusMessage(HttpStatusCode status, int page) => status switch
    {
        HttpStatusCode.Unauthorized => $"Page {page}: the API refused the credentials (401 Unauthorized).",
        HttpStatusCode.Forbidden => $"Page {page}: the API refused access (403 Forbidden).",
        HttpStatusCode.NotFound => $"Page {page}: the API has no such path (404 Not Found).",
        HttpStatusCode.TooManyRequests => $"Page {page}: the API kept answering 429 Too Many Requests after every retry.",
        _ when (int)status >= 500 => $"Page {page}: the API failed with {(int)status} {status} after every retry.",
        _ => $"Page {page}: the API answered {(int)status} {status}.",
    };

    private static Uri? NextLink(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
            return null;
        foreach (var part in values.SelectMany(v => v.Split(',')))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (pieces.Length > 1 && pieces.Skip(1).Any(p => p.Replace(" ", "") is "rel=\"next\"" or "rel=next"))
                return new Uri(current, pieces[0].Trim('<', '>'));
        }
        return null;
    }

    /// <summary>Credentials go only to the configured API: a Link to another host is refused.</summary>
    private static Uri SameOrigin(SourceConnection connection, Uri link)
    {
        var origin = new Uri(connection.Required(RestSettings.BaseUrl, "Base URL"));
        if (Uri.Compare(origin, link, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            throw new SourceException($"The API's next-page link points to another server ({link.Host}); not followed.");
        return link;
    }

    private static Uri Url(SourceConnection connection, string path, int page, long? offset, (string, string)[]? filters, string? cursor = null)
    {
        var baseText = connection.Required(RestSettings.BaseUrl, "Base URL");
        if (!Uri.TryCreate(baseText.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            throw new SourceException($"'{baseText}' is not an http(s) URL.");
        var url = new Uri(baseUri, path.TrimStart('/'));
        var query = new List<string>();
        var pageSize = connection.Text(RestSettings.PageSize, "100");
        switch (connection.Text(RestSettings.Pagination, "none").ToLowerInvariant())
        {
            case "page":
                query.Add($"{connection.Text(RestSettings.PageParam, "page")}={page}");
                query.Add($"{connection.Text(RestSettings.PageSizeParam, "pageSize")}={pageSize}");
                break;
            case "offset":
                query.Add($"{connection.Text(RestSettings.OffsetParam, "offset")}={offset ?? 0}");
                query.Add($"{connection.Text(RestSettings.LimitParam, "limit")}={pageSize}");
                break;
            case "cursor" when cursor is not null:
                query.Add($"{connection.Text(RestSettings.CursorParam, "cursor")}={Uri.EscapeDataString(cursor)}");
                break;
        }
        query.AddRange((filters ?? []).Select(f => $"{Uri.EscapeDataString(f.Item1)}={Uri.EscapeDataString(f.Item2)}"));
        if (query.Count == 0)
            return url;
        var builder = new UriBuilder(url);
        builder.Query = string.Join('&', new[] { builder.Query.TrimStart('?') }.Where(q => q.Length > 0).Concat(query));
        return builder.Uri;
    }

    private static HttpRequestMessage Request(SourceConnection connection, Uri url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var secret = connection.Secret(RestSettings.Secret);
        switch (connection.Text(RestSettings.Auth, "none").ToLowerInvariant())
        {
            case "apikey":
                request.Headers.TryAddWithoutValidation(connection.Text(RestSettings.ApiKeyHeader, "X-Api-Key"), secret ?? "");
                break;
            case "bearer":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret ?? "");
                break;
            case "basic":
                var pair = $"{connection.Text(RestSettings.User) ?? ""}:{secret ?? ""}";
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
                break;
            case "none":
                break;
            case var other:
                throw new SourceException($"Authentication '{other}' is not one of none, apiKey, bearer, basic.");
        }
        return request;
    }

    public void Dispose() => _http.Dispose();

    private static string[] DatasetPaths(SourceConnection connection) =>
        (connection.Text(RestSettings.Paths) ?? "").Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static FieldType? TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Number => value.TryGetInt64(out _) ? FieldType.Integer : FieldType.Decimal,
        JsonValueKind.True or JsonValueKind.False => FieldType.Boolean,
        // JSON strings stay text: a date in a string is a profile finding, not a declared type.
        JsonValueKind.String => FieldType.Text,
        _ => FieldType.Json,
    };
}
