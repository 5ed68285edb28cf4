// DuckDB as the speed reference: the same full outer join and counts over the same data as CSV files.
// Usage: node duckdb.mjs legacy.csv fast.csv [best|original]   (prints one JSON line: counts and elapsed ms)
//   best     - the query a DuckDB user would write: numbers as decimal(18, 8), which fits the data and DuckDB parses
//              on its 64-bit path, first row per key by arg_min over the row's position, values parsed once per key.
//   original - the first reference: decimal(28, 8) (DuckDB's 128-bit parse, about 20 times slower) and an ordered
//              row_number() window per key; kept so its figure stays comparable with earlier runs.
import { DuckDBInstance } from '@duckdb/node-api';

const [legacy, fast, which = 'best'] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
const key = (column, integer) => `coalesce(cast(try_cast(trim(${column}) as ${integer}) as varchar), nullif(trim(${column}), ''))`;
const number = (column, decimal) => `try_cast(nullif(trim(${column}), '') as ${decimal})`;
const date = (column, formats) => `coalesce(${formats.map((f) => `try_strptime(trim(${column}), '${f}')`).join(', ')})`;

const countColumns = `
       count(*) filter (where in_l and not in_f) as legacy_only,
       count(*) filter (where in_f and not in_l) as fast_only,
       count(*) filter (where in_l and in_f) as both_sources,
       count(*) filter (where in_l and lpt is null) as legacy_premium_nulls,
       count(*) filter (where lpt is not null and lp is null) as legacy_premium_invalid,
       count(*) filter (where fpt is not null and fp is null) as fast_premium_invalid,
       count(*) filter (where abs(lp - fp) > 0.01) as premium_mismatches,
       count(*) filter (where trim(lh) <> trim(fh)) as holder_mismatches,
       count(*) filter (where let is not null and le is null) as legacy_date_invalid,
       count(*) filter (where fet is not null and fe is null) as fast_date_invalid,
       count(*) filter (where le <> fe) as date_mismatches,
       count(*) filter (where premium is null) as premium_not_null,
       count(*) filter (where premium not between 0 and 10000) as premium_between,
       count(*) filter (where status not in ('A', 'L')) as status_in_set,
       count(*) filter (where length(holder) not between 1 and 40) as holder_length`;
const joined = `
    select l.k is not null as in_l, f.k is not null as in_f, l.holder as lh, f.holder as fh, l.premium as lp, f.premium as fp,
           l.premium_text as lpt, f.premium_text as fpt, l.eff as le, f.eff as fe, l.eff_text as let, f.eff_text as fet, l.status,
           coalesce(l.premium, f.premium) as premium, coalesce(l.holder, f.holder) as holder`;

// Keys are read as text and normalised through an integer ("000000001" is key 1); the first row of a key wins; the
// raw texts are kept beside the parsed values so an invalid value (text present, parse null) can be counted.
const best = `
with l_all as (
    select row_number() over () as pos, ${key('pol_num', 'bigint')} as k, pol_holder, premium, eff_date, status
    from read_csv('${legacy}', header = true, all_varchar = true)
), l_first as (
    select k, arg_min({'holder': pol_holder, 'premium': premium, 'eff': eff_date, 'status': status}, pos) as r, count(*) as n
    from l_all where k is not null group by k
), l as (
    select k, trim(r.holder) as holder, nullif(trim(r.premium), '') as premium_text, ${number('r.premium', 'decimal(18, 8)')} as premium,
           nullif(trim(r.eff), '') as eff_text, ${date('r.eff', ['%d/%m/%Y', '%Y-%m-%d'])} as eff, r.status as status, n
    from l_first
), f_first as (
    select k, arg_min({'holder': holder_name, 'premium': premium_amount, 'eff': effective_date}, pos) as r
    from (select row_number() over () as pos, ${key('policy_id', 'bigint')} as k, holder_name, premium_amount, effective_date
          from read_csv('${fast}', header = true, all_varchar = true))
    where k is not null group by k
), f as (
    select k, r.holder as holder, nullif(trim(r.premium), '') as premium_text, ${number('r.premium', 'decimal(18, 8)')} as premium,
           nullif(trim(r.eff), '') as eff_text, ${date('r.eff', ['%Y-%m-%d'])} as eff
    from f_first
), j as (${joined}, l.n
    from l full outer join f on f.k = l.k
)
select ${countColumns},
       (select count(*) from l_all where k is null) as legacy_null_keys,
       coalesce(sum(n - 1), 0) as legacy_extra_rows
from j`;

const original = `
with l_all as (
    select row_number() over () as pos, ${key('pol_num', 'hugeint')} as k, trim(pol_holder) as holder,
           nullif(trim(premium), '') as premium_text, ${number('premium', 'decimal(28, 8)')} as premium,
           nullif(trim(eff_date), '') as eff_text, ${date('eff_date', ['%d/%m/%Y', '%Y-%m-%d'])} as eff, status
    from read_csv('${legacy}', header = true, all_varchar = true)
), l_ranked as (select *, row_number() over (partition by k order by pos) as rn from l_all),
l as (select * from l_ranked where k is not null and rn = 1),
f_all as (
    select row_number() over () as pos, ${key('policy_id', 'hugeint')} as k, holder_name as holder,
           nullif(trim(premium_amount), '') as premium_text, ${number('premium_amount', 'decimal(28, 8)')} as premium,
           nullif(trim(effective_date), '') as eff_text, ${date('effective_date', ['%Y-%m-%d'])} as eff
    from read_csv('${fast}', header = true, all_varchar = true)
), f_ranked as (select *, row_number() over (partition by k order by pos) as rn from f_all),
f as (select * from f_ranked where k is not null and rn = 1),
j as (${joined}
    from l full outer join f on f.k = l.k
)
select${countColumns},
       (select count(*) from l_ranked where k is null) as legacy_null_keys,
       (select count(*) from l_ranked where k is not null and rn > 1) as legacy_extra_rows
from j`;
const started = performance.now();
const reader = await connection.runAndReadAll(which === 'original' ? original : best);
const elapsedMs = Math.round(performance.now() - started);
const counts = Object.fromEntries(Object.entries(reader.getRowObjects()[0]).map(([name, value]) => [name, Number(value)]));
console.log(JSON.stringify({ elapsedMs, counts }));
