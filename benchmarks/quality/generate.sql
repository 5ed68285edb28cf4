-- 1,000,000 legacy policies and 1,000,000 FAST policies; about 5% of rows defective in known ways.
-- With :rows = 1,000,000: keys 1..50,000 exist only in legacy, 1,000,001..1,050,000 only in FAST; the rest in both.
drop schema if exists legacy cascade;
drop schema if exists fast cascade;
create schema legacy;
create schema fast;

create table legacy.policies as
select
    case when i % 500 = 7 then null                                  -- no key
         when i % 200 = 3 then (i - 1)::text                         -- repeats the previous key
         when i % 100 = 1 then lpad(i::text, 9, '0')                 -- zero-padded: the same key
         else i::text end as pol_num,
    'Holder ' || i || case when i % 50 = 0 then '  ' else '' end as pol_holder,
    case when i % 40 = 0 then null                                   -- missing premium
         when i % 97 = 0 then 'n/a'                                  -- not a number
         else ((i % 5000) + 0.5)::text end as premium,
    case when i % 60 = 0 then '31/02/2020'                           -- impossible date
         when i % 2 = 0 then to_char(date '2020-01-01' + (i % 365), 'DD/MM/YYYY')
         else to_char(date '2020-01-01' + (i % 365), 'YYYY-MM-DD') end as eff_date,
    case when i % 33 = 0 then 'X' when i % 3 = 0 then 'L' else 'A' end as status
from generate_series(1, :rows) as i;

create table fast.policies as
select
    j::text as policy_id,
    'Holder ' || j as holder_name,
    case when j % 45 = 0 then ((j % 5000) + 1.5)::text               -- disagrees with legacy
         when j % 150 = 0 then ''                                    -- missing
         else ((j % 5000) + 0.5)::text end as premium_amount,
    case when j % 70 = 0 then '2020-13-01'                           -- impossible month
         else to_char(date '2020-01-01' + (j % 365), 'YYYY-MM-DD') end as effective_date
from generate_series(:rows / 20 + 1, :rows + :rows / 20) as j;
analyze legacy.policies;
analyze fast.policies;
