// DuckDB as the speed reference: the same full outer join and counts over the same data as CSV files.
// Usage: node duckdb.mjs legacy.csv fast.csv   (prints one JSON line: counts and elapsed ms)
import { DuckDBInstance } from '@duckdb/node-api';

const [legacy, fast] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
const key = (column) => `coalesce(cast(try_cast(trim(${column}) as hugeint) as varchar), nullif(trim(${column}), ''))`;
const number = (column) => `try_cast(nullif(trim(${column}), '') as decimal(28, 8))`;
const date = (column, formats) => `coalesce(${formats.map((f) => `try_strptime(trim(${column}), '${f}')`).join(', ')})`;
const sql = `
with l_all as (
    select row_number() over () as pos, ${key('pol_num')} as k, trim(pol_holder) as holder,
           nullif(trim(premium), '') as premium_text, ${number('premium')} as premium,
           nullif(trim(eff_date), '') as eff_text, ${date('eff_date', ['%d/%m/%Y', '%Y-%m-%d'])} as eff, status
    from read_csv('${legacy}', header = true, all_varchar = true)
), l_ranked as (select *, row_number() over (partition by k order by pos) as rn from l_all),
l as (select * from l_ranked where k is not null and rn = 1),
f_all as (
    select row_number() over () as pos, ${key('policy_id')} as k, holder_name as holder,
           nullif(trim(premium_amount), '') as premium_text, ${number('premium_amount')} as premium,
           nullif(trim(effective_date), '') as eff_text, ${date('effective_date', ['%Y-%m-%d'])} as eff
    from read_csv('${fast}', header = true, all_varchar = true)
), f_ranked as (select *, row_number() over (partition by k order by pos) as rn from f_all),
f as (select * from f_ranked where k is not null and rn = 1),
j as (
    select l.k is not null as in_l, f.k is not null as in_f, l.holder as lh, f.holder as fh, l.premium as lp, f.premium as fp,
           l.premium_text as lpt, f.premium_text as fpt, l.eff as le, f.eff as fe, l.eff_text as let, f.eff_text as fet, l.status,
           coalesce(l.premium, f.premium) as premium, coalesce(l.holder, f.holder) as holder
    from l full outer join f on f.k = l.k
)
select count(*) filter (where in_l and not in_f) as legacy_only,
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
       count(*) filter (where length(holder) not between 1 and 40) as holder_length,
       (select count(*) from l_ranked where k is null) as legacy_null_keys,
       (select count(*) from l_ranked where k is not null and rn > 1) as legacy_extra_rows
from j`;
const started = performance.now();
const reader = await connection.runAndReadAll(sql);
const elapsedMs = Math.round(performance.now() - started);
const counts = Object.fromEntries(Object.entries(reader.getRowObjects()[0]).map(([name, value]) => [name, Number(value)]));
console.log(JSON.stringify({ elapsedMs, counts }));
