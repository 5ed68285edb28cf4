using Npgsql;

namespace Workbench.Connectors.Postgres;

/// <summary>
/// What the source's database user may do beyond reading. The workbench only reads a source (a materialization into
/// it aside), so a user that is a superuser or can write is a risk worth a warning on Test connection: a query
/// dataset runs with its rights, and the stored password opens all of them.
/// </summary>
internal static class PostgresPrivileges
{
    private const string Sql = """
        select r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls,
               has_database_privilege(current_database(), 'CREATE'),
               array(select g.rolname::text from pg_roles g
                     where g.rolname in ('pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files', 'pg_write_all_data')
                       and pg_has_role(current_user, g.oid, 'USAGE') order by g.rolname),
               array(select n.nspname::text from pg_namespace n
                     where n.nspname <> 'information_schema' and n.nspname not like 'pg\_%' and has_schema_privilege(n.oid, 'CREATE')
                     order by n.nspname),
               array(select format('%s.%s', n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                     where c.relkind in ('r', 'p', 'f') and n.nspname <> 'information_schema' and n.nspname not like 'pg\_%'
                       and has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
                     order by n.nspname, c.relname)
        from pg_roles r where r.rolname = current_user
        """;

    public static async Task<IReadOnlyList<string>> WarningsAsync(NpgsqlConnection db, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql, db);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return [];
        var user = db.UserName;
        if (reader.GetBoolean(0))
            return [$"The user '{user}' is a superuser: a query dataset could read and change anything on this server, and run programs on it. Connect as a role that can only read what the migration needs."];
        var warnings = new List<string>();
        var powers = new[] { (1, "create roles"), (2, "create databases"), (3, "replicate the server"), (4, "bypass row-level security"), (5, "create schemas") }
            .Where(p => reader.GetBoolean(p.Item1)).Select(p => p.Item2).ToList();
        if (powers.Count > 0)
            warnings.Add($"The user '{user}' can {string.Join(", ", powers)}.");
        if (reader.GetFieldValue<string[]>(6) is { Length: > 0 } roles)
            warnings.Add($"The user '{user}' is a member of {string.Join(", ", roles)}: it can reach the server's files or programs.");
        if (reader.GetFieldValue<string[]>(7) is { Length: > 0 } schemas)
            warnings.Add($"The user '{user}' can create objects in the schema(s) {Listed(schemas)}.");
        if (reader.GetFieldValue<string[]>(8) is { Length: > 0 } tables)
            warnings.Add($"The user '{user}' can change {tables.Length} table(s), e.g. {Listed(tables)}.");
        if (warnings.Count > 0)
            warnings.Add("The workbench only needs to read this source: prefer a role with USAGE on its schemas and SELECT on its tables.");
        return warnings;
    }

    private static string Listed(string[] names) =>
        names.Length <= 3 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(3))} and {names.Length - 3} more";
}
