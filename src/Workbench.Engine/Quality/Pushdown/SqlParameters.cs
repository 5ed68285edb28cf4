using Npgsql;
using NpgsqlTypes;

namespace Workbench.Engine.Quality.Pushdown;

/// <summary>Every value in generated SQL goes through here and becomes a typed parameter; equal values share one.</summary>
internal sealed class SqlParameters
{
    private readonly Dictionary<(NpgsqlDbType, string), string> _names = [];
    private readonly List<NpgsqlParameter> _parameters = [];

    public IReadOnlyList<NpgsqlParameter> All => _parameters;

    public string Text(string value) => Add(NpgsqlDbType.Text, value, value);

    public string Numeric(decimal value) => Add(NpgsqlDbType.Numeric, value.ToString(System.Globalization.CultureInfo.InvariantCulture), value);

    public string Bigint(long value) => Add(NpgsqlDbType.Bigint, value.ToString(System.Globalization.CultureInfo.InvariantCulture), value);

    public string TextArray(IReadOnlyList<string> values) => Add(NpgsqlDbType.Array | NpgsqlDbType.Text, string.Join('\u001f', values), values.ToArray());

    private string Add(NpgsqlDbType type, string identity, object value)
    {
        if (_names.TryGetValue((type, identity), out var existing))
            return existing;
        var name = "p" + _parameters.Count;
        _parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        return _names[(type, identity)] = "@" + name;
    }
}
