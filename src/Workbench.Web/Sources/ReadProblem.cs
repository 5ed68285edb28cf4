using Workbench.Connectors.Contract;
using Workbench.Core.Sources;

namespace Workbench.Web.Sources;

/// <summary>What a failed read of a dataset tells the steward: the connector's sentence, or the record it stopped at.</summary>
public static class ReadProblem
{
    public static string Sentence(Exception ex) => ex switch
    {
        MalformedRecordException m => $"{m.Message}. The source is set to fail on malformed records; edit it to skip them.",
        SourceException s => s.Message,
        _ => "The source could not be read.",
    };
}
