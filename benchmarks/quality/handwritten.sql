-- The pushdown preview written by hand, for the same counts as pushdown.json: what a careful person would type.
\timing on
with l_all as (
    select ctid as pos,
           case when btrim(pol_num) ~ '^[+-]?[0-9]+([.][0-9]+)?$' then trim_scale(btrim(pol_num)::numeric)::text else nullif(btrim(pol_num), '') end as k,
           btrim(pol_holder) as holder,
           nullif(btrim(premium), '') as premium_text,
           status
    from legacy.policies
), l_ranked as (
    select *, row_number() over (partition by k order by pos) as rn from l_all
), l as (
    select k, holder, status, premium_text,
           case when premium_text ~ '^[+-]?([0-9]{1,20}([.][0-9]{0,8})?|[.][0-9]{1,8})$' then premium_text::numeric end as premium
    from l_ranked where k is not null and rn = 1
), f_ranked as (
    select case when btrim(policy_id) ~ '^[+-]?[0-9]+([.][0-9]+)?$' then trim_scale(btrim(policy_id)::numeric)::text else nullif(btrim(policy_id), '') end as k,
           holder_name as holder, nullif(btrim(premium_amount), '') as premium_text,
           row_number() over (partition by 1 order by ctid) as pos
    from fast.policies
), f as (
    select distinct on (k) k, holder, premium_text,
           case when premium_text ~ '^[+-]?([0-9]{1,20}([.][0-9]{0,8})?|[.][0-9]{1,8})$' then premium_text::numeric end as premium
    from f_ranked where k is not null order by k, pos
), j as (
    select l.k is not null as in_l, f.k is not null as in_f, l.holder as lh, f.holder as fh, l.premium as lp, f.premium as fp,
           l.premium_text as lpt, f.premium_text as fpt, l.status, coalesce(l.premium, f.premium) as premium, coalesce(l.holder, f.holder) as holder
    from l full join f on f.k = l.k
)
select count(*) filter (where in_l and not in_f) as legacy_only,
       count(*) filter (where in_f and not in_l) as fast_only,
       count(*) filter (where in_l and in_f) as both_sources,
       count(*) filter (where in_l and lpt is null) as legacy_premium_nulls,
       count(*) filter (where lpt is not null and lp is null) as legacy_premium_invalid,
       count(*) filter (where in_f and fpt is null) as fast_premium_nulls,
       count(*) filter (where fpt is not null and fp is null) as fast_premium_invalid,
       count(*) filter (where abs(lp - fp) > 0.01) as premium_mismatches,
       count(*) filter (where btrim(lh) <> btrim(fh)) as holder_mismatches,
       count(*) filter (where premium is null) as premium_not_null,
       count(*) filter (where premium not between 0 and 10000) as premium_between,
       count(*) filter (where status not in ('A', 'L')) as status_in_set,
       count(*) filter (where char_length(holder) not between 1 and 40) as holder_length,
       (select count(*) from l_ranked where k is null) as legacy_null_keys,
       (select count(*) from l_ranked where k is not null and rn > 1) as legacy_extra_rows,
       (select count(*) from f_ranked where k is null) as fast_null_keys
from j;
