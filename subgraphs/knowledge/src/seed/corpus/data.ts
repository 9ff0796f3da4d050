import type { TopicSpec } from './types.js';

export const DATA: TopicSpec = {
  topic: 'data',
  docs: [
    {
      title: 'Introduction to the data warehouse',
      tags: ['warehouse'],
      author: 'admin',
      body: [
        'The data warehouse is the single place for analytics. Replicas of production databases, the billing system, the support tool and product event streams are loaded into it, and analysts query it with SQL. Nobody should run analytical queries directly against production databases.',
        'The warehouse is organized in three layers. The raw schema holds data exactly as it arrives from each source. The staging schema cleans and renames columns one-to-one with source tables. The marts schema contains modeled fact and dimension tables, such as fct_orders and dim_customers, which dashboards and analysts should use.',
        'Most tables refresh once a night, and the nightly load finishes by 06:00 UTC. Tables marked real-time in the data catalog refresh every 15 minutes. Each table shows its last refresh time in the catalog, so check it before trusting a number from this morning.',
        'New analysts get read access to the marts schema on their first day. Access to the raw and staging schemas requires a request to the data platform team, because those layers may contain personal data that is removed or masked in the marts.',
      ],
    },
    {
      title: 'SQL style guide for analysts',
      tags: ['sql', 'style-guide'],
      body: [
        'Consistent SQL makes queries easier to review and reuse. These rules apply to every query in the analytics repository and to the saved queries behind shared dashboards.',
        '## Rules',
        '- Write keywords in lower case and put each selected column on its own line.\n- Use common table expressions instead of nested subqueries, one CTE per logical step.\n- Alias tables with meaningful names, never single letters like a and b.\n- Prefer explicit join types: write left join or inner join, never a bare join.\n- Use group by with column names rather than positional numbers.',
        'Filter as early as possible. Put date filters in the first CTE so the warehouse can prune partitions, and avoid select star in anything that is committed, because upstream column changes would then silently change your output.',
        'Every model file starts with a short comment stating the grain of the result, for example one row per order per day. If you cannot state the grain in one sentence, the query probably joins at the wrong level and will double-count rows.',
      ],
    },
    {
      title: 'How nightly ETL pipelines run',
      tags: ['pipelines', 'etl'],
      body: [
        'Nightly pipelines extract data from source systems, load it into the raw schema of the warehouse and then transform it into staging and mart tables. The orchestrator runs each pipeline as a directed acyclic graph, so a transformation starts only after all of its upstream tables have loaded.',
        'The nightly run starts at 01:00 UTC. Extraction from the production database replicas takes about 90 minutes, and transformations take roughly two more hours. Dashboards that depend on marts are refreshed after the final step, normally before 06:00 UTC.',
        'Loads are incremental wherever possible. Each extractor keeps a high-water mark based on the updated_at column and pulls only rows that changed since the last successful run. Full reloads are reserved for small reference tables and for recovering from a corrupted load.',
        'If a task fails, the orchestrator retries it twice with a 10-minute delay. After the third failure, the data on-call analyst is paged and downstream tasks are skipped, so no dashboard shows partially updated numbers. The pipeline status page lists each run, its duration and any failed tasks.',
      ],
    },
    {
      title: 'Data quality checks and alerts',
      tags: ['data-quality', 'testing'],
      body: [
        'Data quality tests run after every model build in the warehouse. A model cannot be promoted to the marts schema without at least a uniqueness test and a not-null test on its primary key column.',
        '## Standard tests',
        '- Uniqueness and not-null on primary keys.\n- Referential integrity: every foreign key in a fact table exists in its dimension table.\n- Accepted values for status and category columns.\n- Freshness: the newest row is no older than the expected load interval.\n- Volume: the daily row count is within 30 percent of the trailing seven-day average.',
        'Tests have two severities. A failing error test stops downstream models from building and pages the data on-call. A failing warn test posts a message in the data quality channel but lets the pipeline continue.',
        'When you find a data quality problem in a dashboard, open a ticket with the data platform team and include the table name, the query you ran and the result you expected. Known issues are shown as a banner on the affected tables in the data catalog until they are fixed.',
      ],
    },
    {
      title: 'Data retention schedule for analytics tables',
      tags: ['retention', 'pseudonymization'],
      visibility: 'PRIVATE',
      author: 'admin',
      body: [
        'Analytics data is not kept forever. This schedule tells the data platform team how long each warehouse layer retains rows before they are deleted or aggregated, and it is enforced by a scheduled purge job that runs every Sunday.',
        'Raw event data, such as page views and clicks, is kept for 13 months and then deleted. Aggregated daily event tables in the marts are kept for 5 years because they contain no user identifiers. Raw extracts of production tables are kept for 90 days; after that, the staging and mart tables are the only copy in the warehouse.',
        'Columns tagged as personal data in the data catalog are pseudonymized after 30 days by replacing user identifiers with a salted hash. Analysts can still count distinct users and join tables on the hashed key, but they can no longer look up an individual.',
        'Customer deletion requests are propagated to the warehouse within 30 days. The purge job removes matching rows from raw, staging and mart tables and writes a record of each deletion to the data governance log.',
      ],
    },
    {
      title: 'Naming conventions for warehouse models',
      tags: ['warehouse', 'data-modeling'],
      body: [
        'Model names tell you what a table is before you open it. Staging models start with stg_ followed by the source and table name, such as stg_billing__invoices. Fact tables start with fct_, dimension tables with dim_, and wide reporting tables with rpt_.',
        'Column names use snake_case. Primary keys are named after the entity, for example order_id, never just id. Boolean columns start with is_ or has_, timestamps end with _at and are stored in UTC, and dates end with _date. Monetary amounts include the currency in the column name, like amount_usd.',
        'Avoid abbreviations that are not obvious to a new analyst: write customer rather than cust and quantity rather than qty. If a source system uses a confusing column name, rename it in the staging model so the rest of the warehouse never sees it.',
        "Every model and every column in the marts schema needs a description in the model's YAML file. The analytics repository's checks fail if a mart model has an undocumented column.",
      ],
    },
    {
      title: 'Requesting a new dashboard',
      tags: ['dashboards', 'business-intelligence'],
      body: [
        'Before asking for a new dashboard, search the BI tool and the data catalog. More than half of dashboard requests are answered by an existing chart with a different filter or a saved view.',
        'If nothing fits, file a request in the analytics intake queue. Describe the decision the dashboard will support, the measures and dimensions you need, who will use it and how often. Requests are triaged every Tuesday, and a typical dashboard takes two to three weeks from triage to launch.',
        'Dashboards built by the analytics team are certified, which means their queries have been reviewed, their measures come from the semantic layer and they carry a certified badge. Uncertified dashboards in personal folders are fine for exploration but should not be shared with executives.',
        'Dashboards that nobody has viewed for 90 days are moved to the archive folder automatically. Owners get an email a week before the move and can keep a dashboard simply by opening it.',
      ],
    },
    {
      title: 'Event tracking plan for web and mobile clients',
      tags: ['event-tracking', 'instrumentation'],
      body: [
        'Product analytics depend on consistent event tracking. Every event sent from web and mobile clients must be defined in the tracking plan before it ships, with its name, trigger, properties and owning team.',
        'Event names use the object_action format in snake_case, such as report_exported or invoice_paid. Property names are snake_case too, and every event automatically includes the user identifier, account identifier, platform, app version and client timestamp.',
        'The event collector validates incoming events against the tracking plan. Events with unknown names or missing required properties are sent to a quarantine table instead of the main events table, and the owning team gets a daily summary of rejected events.',
        'Do not put personal data, such as email addresses or free-text input, in event properties. If an analysis needs a user attribute, join the events table to the users dimension in the warehouse using the user identifier.',
        'Changing the meaning of an existing event breaks historical analysis, so create a new event name instead and mark the old one as deprecated in the tracking plan. Deprecated events keep flowing into the warehouse for 90 days before the collector starts rejecting them.',
      ],
    },
    {
      title: 'Using the data catalog',
      tags: ['data-catalog', 'lineage'],
      body: [
        'The data catalog lists every table and column in the warehouse together with its owner, description, freshness and lineage. It is the first place to look when you need to find data or understand where a number comes from.',
        'Search by business term or by table name. Each table page shows the upstream sources that feed it and the downstream models and dashboards that read from it, so you can see which dashboards break if a column changes. Columns tagged pii contain personal data and are masked unless you hold the restricted data role.',
        'Every table in the marts schema must have an owner team. Owners answer questions about the table within two business days, keep descriptions current and review lineage whenever they change a model.',
        'Popularity scores show how often a table has been queried in the last 30 days. When two tables look similar, prefer the one with the certified badge and the higher query count.',
        'Catalog metadata is synced from the analytics repository every hour, so descriptions edited in model YAML files appear in the catalog shortly after they merge. Business glossary terms, such as active account or net revenue, link to the certified metric that defines them.',
      ],
    },
    {
      title: 'Backfilling a pipeline',
      tags: ['pipelines', 'backfills'],
      body: [
        'A backfill reloads or recomputes historical data, for example after a bug in a transformation or when a new column is added to an incremental model. Backfills can be expensive in warehouse compute, so plan them carefully.',
        '## Steps',
        '1. Open a ticket in the data platform queue describing the affected tables and the date range.\n2. Run the backfill in the development schema first and compare row counts and totals with production.\n3. Schedule the production backfill outside the nightly window, ideally between 08:00 and 18:00 UTC.\n4. Process the date range in monthly partitions so a failure only requires rerunning one month.',
        'Backfills covering more than 12 months of data need approval from the data platform lead, because they can consume a large share of the warehouse compute budget. Tell downstream owners in the data announcements channel before you start, since numbers in their dashboards may change.',
        "When the backfill finishes, rerun the data quality tests on the affected models and note the backfill in the table's changelog in the data catalog.",
      ],
    },
    {
      title: 'Slowly changing dimensions in the warehouse',
      tags: ['data-modeling', 'dimensions'],
      body: [
        "Some attributes change over time, such as a customer's plan or an account's region, and analysis sometimes needs the value as it was at the time of an event. We model these attributes with type 2 slowly changing dimensions.",
        'A type 2 dimension table keeps one row per version of an entity. Each row has valid_from and valid_to timestamps and an is_current flag. When an attribute changes, the nightly snapshot closes the current row by setting valid_to and inserts a new row with the new value.',
        'To join a fact table to a type 2 dimension, match on the entity key and on the event timestamp falling between valid_from and valid_to. Joining on the key alone duplicates fact rows, one for each historical version, which inflates sums and counts.',
        'Use type 1 dimensions, which simply overwrite the old value, when history does not matter, for example for a corrected spelling of a company name. Snapshots of type 2 dimensions are taken once a day, so changes that happen and revert within the same day are not captured.',
      ],
    },
    {
      title: 'Query cost and performance tips',
      tags: ['sql', 'query-performance'],
      body: [
        "Warehouse compute is billed by the amount of data scanned, so an inefficient query costs real money. The analytics team's monthly warehouse spend is tracked on the query cost dashboard, and queries that would scan more than 1 TB show a warning before they run.",
        'Large fact tables are partitioned by event date and clustered by account identifier. Always filter on the partition column, for example with a where clause on event_date, so the warehouse reads only the partitions you need. A query on one week of events scans roughly 2 percent of the table.',
        'Select only the columns you need. The warehouse stores data in columnar format, so reading three columns instead of forty reduces scanned bytes and cost dramatically. Use approximate distinct counts for exploratory queries on very large tables.',
        'Materialize expensive intermediate results as tables in your scratch schema instead of recomputing them in every query. Scratch tables are dropped automatically after 7 days, so do not build dashboards on top of them.',
      ],
    },
    {
      title: 'Streaming ingestion with change data capture',
      tags: ['pipelines', 'streaming'],
      status: 'DRAFT',
      body: [
        'This draft proposes replacing nightly batch extraction for the largest source tables with change data capture. Instead of querying replicas once a night, a connector reads the database write-ahead log and publishes every insert, update and delete as an event to a stream.',
        'A streaming loader consumes the change events and merges them into raw warehouse tables every 5 minutes. Each event carries the operation type, the primary key, the row values after the change and the log position, which lets the loader apply changes in order and resume exactly where it stopped.',
        'The first tables to migrate would be orders, subscriptions and invoices, which currently account for about 70 percent of nightly extraction time. Schema changes on those tables would have to be announced to the data platform team a week in advance so the connector and the warehouse schemas stay compatible.',
        'Open questions include how long to keep change events in the stream, how to handle deletes for tables with retention rules, and how to measure end-to-end latency between a source row changing and the warehouse reflecting it.',
      ],
    },
    {
      title: 'Defining metrics in the semantic layer',
      tags: ['semantic-layer', 'metrics'],
      body: [
        'The semantic layer is where shared business metrics are defined once and reused by every dashboard and notebook. A metric such as monthly recurring revenue or weekly active users has exactly one definition, stored as code in the analytics repository.',
        'Each metric definition specifies the base model, the aggregation, the time dimension, any filters and the dimensions it can be sliced by. For example, weekly active users counts distinct user_id values from fct_events where is_internal is false, grouped by the Monday of each week.',
        'Adding or changing a metric requires a review by a member of the analytics team and by the metric owner. Changes to a certified metric are announced in the data announcements channel at least one week before they merge, because they change numbers on executive dashboards.',
        'The BI tool reads metric definitions from the semantic layer, so analysts should not rebuild certified metrics in custom SQL. If the semantic layer lacks a dimension you need, request it rather than writing a one-off query that will drift from the official number.',
      ],
    },
  ],
};
