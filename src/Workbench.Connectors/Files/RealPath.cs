using Workbench.Connectors.Contract;

namespace Workbench.Connectors.Files;

/// <summary>
/// The path a file or folder really is once every symbolic link on the way is followed (the file itself and
/// every folder above it), like realpath(3). What does not exist yet is kept as written.
/// </summary>
public static class RealPath
{
    /// <summary>Linux gives up after 40 links in one lookup; so does this, instead of looping on a cycle.</summary>
    private const int MaxLinks = 40;

    public static string Of(string path)
    {
        var links = 0;
        return Of(Path.GetFullPath(path), ref links);
    }

    private static string Of(string full, ref int links)
    {
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                    throw new SourceException($"'{FileSourceRoots.Shown(full)}' goes through more than {MaxLinks} symbolic links; it is not read.");
                // A relative target is relative to the folder holding the link, which is already resolved.
                current = Of(Path.GetFullPath(target, current), ref links);
            }
            else
                current = next;
        }
        return current;
    }
}
