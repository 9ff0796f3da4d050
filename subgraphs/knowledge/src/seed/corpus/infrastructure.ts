import type { TopicSpec } from './types.js';

export const INFRASTRUCTURE: TopicSpec = {
  topic: 'infrastructure',
  docs: [
    {
      title: 'Kubernetes cluster overview',
      tags: ['kubernetes', 'clusters'],
      author: 'admin',
      body: [
        'Our services run on Kubernetes. We operate three production clusters, one in each of our regions, plus a staging cluster and a shared development cluster. All clusters are created from the same Terraform modules, so their configuration differs only in size and region.',
        'Each cluster has a system node pool for cluster components such as the ingress controller, the certificate manager and the metrics agents, and several workload node pools for application pods. Workload node pools autoscale between 6 and 60 nodes.',
        'Workloads are deployed with Helm charts from the platform chart library. Every workload must set CPU and memory requests and limits, a readiness probe and a liveness probe, and run at least two replicas spread across availability zones. The admission controller rejects manifests that do not meet these rules.',
        'Cluster upgrades are performed by the platform team. We stay within two minor versions of the latest Kubernetes release, and upgrades roll out to the staging cluster first and then to one production cluster per week.',
      ],
    },
    {
      title: 'Requesting a Kubernetes namespace',
      tags: ['kubernetes', 'namespaces'],
      body: [
        'Each service team gets its own namespace in every cluster. To request one, open a change against the cluster configuration repository that adds your team to the namespaces file with the team name, the owning group and the cost center.',
        'New namespaces come with default resource quotas: 40 CPU cores, 160 GiB of memory and 50 pods per namespace in production. If you need more, include the expected load and the number of replicas in the request, and the platform team will review it.',
        "Namespaces include default network policies that deny all ingress traffic except from the ingress controller and from namespaces you allow explicitly. Role-based access control gives your team's group edit rights in its own namespace and read-only rights elsewhere in the cluster.",
        'Once the change is merged, automation creates the namespace within 15 minutes. Namespaces that have run no pods for 60 days are flagged, and the owning team is asked to confirm they are still needed.',
      ],
    },
    {
      title: 'PostgreSQL database operations',
      tags: ['databases', 'postgresql'],
      body: [
        'Most services store their data in managed PostgreSQL clusters run by the platform team. Each production database has a primary instance and two replicas in different availability zones, with automatic failover that typically completes in under 60 seconds.',
        'Connections go through a connection pooler running in transaction mode. Applications should limit their own pool to 10 connections or fewer per pod, because each database instance accepts at most 500 connections. Transactions running longer than 5 minutes are terminated automatically.',
        'Migrations that lock a large table, such as building an index without the concurrent option, must be reviewed by a database reliability engineer before they run. Create indexes concurrently and add columns as nullable to avoid long table locks.',
        'Read replicas can serve read-only queries that tolerate a few seconds of replication lag. Point reporting and batch jobs at a replica, never at the primary. The database dashboard shows replication lag, connection counts, cache hit rate and the slowest queries of the last 24 hours.',
      ],
    },
    {
      title: 'Backup and restore policy',
      tags: ['backups', 'restore'],
      author: 'admin',
      body: [
        'Every production database is backed up continuously. Write-ahead log segments are archived every 5 minutes and a full snapshot is taken daily at 02:00 UTC, which gives us point-in-time recovery with at most 5 minutes of data loss.',
        'Backups are kept for 35 days. Monthly snapshots taken on the first day of each month are kept for 12 months. Backups are stored in a separate cloud account in a different region, and they are encrypted with keys that production administrators cannot delete.',
        'Object storage buckets have versioning enabled, so deleted or overwritten objects can be recovered for 30 days. Configuration for clusters and networks is stored as code in repositories and does not need separate backups.',
        'A backup that has never been restored is not a backup. The platform team runs an automated restore test every week, restoring a random production database to an isolated environment and checking row counts. Teams can request a restore through the platform service desk; a point-in-time restore takes about 1 hour per 100 GB.',
      ],
    },
    {
      title: 'Monitoring and alerting thresholds',
      tags: ['monitoring', 'alerting'],
      body: [
        'Every service exposes metrics in the standard exposition format, and the monitoring stack scrapes them every 15 seconds. Metrics are retained at full resolution for 15 days and downsampled to 5-minute resolution for 13 months.',
        'Alerts are based on service level objectives rather than on individual hosts. A typical service has an availability objective of 99.9 percent over 30 days, and alerts fire when the error budget burns 14 times faster than normal over one hour, or 6 times faster over six hours.',
        '## Default infrastructure alerts',
        '- Node CPU above 90 percent for 15 minutes.\n- Disk usage above 80 percent, paging at 90 percent.\n- A pod restarting more than 5 times in 10 minutes.\n- A TLS certificate expiring within 14 days.',
        'Every alert must link to a runbook that explains what it means and how to respond. Alerts that are not actionable should be downgraded to dashboard panels. Dashboards are defined as code in the monitoring repository.',
      ],
    },
    {
      title: 'Network architecture and VPC layout',
      tags: ['networking', 'vpc'],
      body: [
        'Each region has one production virtual private cloud and one non-production virtual private cloud. Each VPC spans three availability zones and is divided into public subnets for load balancers, private subnets for cluster nodes and isolated subnets for databases.',
        'Public subnets are the only ones with a route to the internet gateway. Nodes in private subnets reach the internet through NAT gateways, one per availability zone, and databases in isolated subnets have no internet route at all.',
        'Production and non-production networks are not peered. Traffic between regions travels over a transit gateway with encrypted tunnels. IP ranges are allocated from the 10.0.0.0/8 block by the network team, and each VPC receives a /16 range to avoid overlaps.',
        'Security groups follow a default-deny model. Rules are defined in Terraform and reviewed by the network team; changing a security group from the cloud console is blocked for everyone except break-glass accounts.',
        "VPC flow logs are enabled on every subnet and retained for 90 days, which lets the network team investigate unexpected connections. Requests for new subnets or route table changes go through the network team's intake queue and are usually handled within three business days.",
      ],
    },
    {
      title: 'Managing DNS records',
      tags: ['dns', 'networking'],
      body: [
        'DNS for all company domains is managed as code. Records live in the DNS repository, one file per zone, and changes are applied automatically after the network team approves them.',
        'Internal services use names under the internal zone, which resolves only inside our networks. Public names are created only for endpoints that customers or partners must reach, and each public record needs an owner team in the zone file.',
        'The default time to live for records is 300 seconds. Before a planned migration, lower the TTL to 60 seconds at least 24 hours in advance so resolvers pick up the change quickly, and raise it again after the migration.',
        'Dangling records that point to deleted load balancers or storage buckets can be taken over by attackers. A weekly job checks every record and opens a ticket for the owner team if its target no longer exists.',
        'Certificates for public names are issued automatically once the DNS record exists and renew 30 days before expiry. Wildcard records are not allowed in public zones, because they make it impossible to tell which team owns a given name.',
      ],
    },
    {
      title: 'Infrastructure as code with Terraform',
      tags: ['terraform', 'infrastructure-as-code'],
      body: [
        'All cloud infrastructure is defined in Terraform. Manual changes in the cloud console are not allowed in production accounts, and a drift detection job runs every night to report resources whose real state differs from the code.',
        'Terraform code lives in the infrastructure repository, organized by environment and region. Reusable building blocks, such as a PostgreSQL cluster, a storage bucket or a Kubernetes node pool, are published as versioned modules in the module registry.',
        'Changes follow a plan and apply workflow. Proposing a change runs terraform plan and posts the plan for review. After approval by the platform team, merging runs terraform apply automatically. Plans that destroy or replace stateful resources require a second approver.',
        'State files are stored in a versioned, encrypted bucket with state locking, so two applies cannot run at the same time. Never edit state by hand; use the state commands described in the platform runbook and record the change in the infrastructure channel.',
        'Module versions follow semantic versioning, and each environment pins the module versions it uses. A module upgrade reaches production only after the same version has run in staging for at least one week.',
      ],
    },
    {
      title: 'Disaster recovery plan',
      tags: ['disaster-recovery', 'failover'],
      visibility: 'PRIVATE',
      author: 'admin',
      body: [
        'The disaster recovery plan describes how we restore service if an entire cloud region becomes unavailable. Our recovery time objective is 4 hours and our recovery point objective is 15 minutes for all tier 1 services.',
        'Tier 1 services, including authentication, the API gateway and the core product databases, run warm standbys in a secondary region. Database replicas in the secondary region receive changes asynchronously, and container images and configuration are replicated continuously.',
        '## Failover steps',
        "1. The platform lead confirms that the primary region is down and declares a regional disaster.\n2. Promote the standby databases in the secondary region.\n3. Scale up the standby clusters to production size.\n4. Switch the global DNS records to the secondary region's load balancers.",
        'We run a full failover exercise twice a year, in March and September, during a planned maintenance window. Each exercise measures the actual recovery time and produces follow-up items tracked by the platform team.',
        'Each tier 1 service keeps a disaster recovery runbook next to its service runbook, reviewed after every exercise. Tier 2 services have a recovery time objective of 24 hours and are restored from backups in the secondary region rather than from warm standbys.',
      ],
    },
    {
      title: 'Capacity planning and autoscaling',
      tags: ['capacity-planning', 'autoscaling'],
      body: [
        'Capacity planning makes sure our clusters and databases have room to grow without paying for idle resources. The platform team reviews capacity every month using the last 90 days of CPU, memory, storage and network usage per cluster.',
        'Application pods scale horizontally with the horizontal pod autoscaler, usually targeting 70 percent CPU utilization. The cluster autoscaler adds nodes when pods cannot be scheduled and removes nodes that have been underused for 10 minutes.',
        "Databases do not autoscale in the same way. When a database's CPU stays above 60 percent at peak for a week, or its storage volume is more than 70 percent full, the platform team schedules a resize during the next maintenance window.",
        'Teams planning a launch or a marketing campaign that could double traffic should file a capacity request at least two weeks in advance. Include the expected requests per second and the affected services so the platform team can run a load test.',
        'Reserved capacity is purchased quarterly based on the capacity review and covers about 70 percent of steady baseline usage, while peaks are served by on-demand nodes. Spot nodes are used only for batch workloads that can tolerate interruption.',
      ],
    },
    {
      title: 'Centralized logging platform',
      tags: ['logging', 'observability'],
      body: [
        'All services write structured logs in JSON to standard output. A log agent on every node collects the logs and ships them to the central logging platform, where they become searchable within about 30 seconds.',
        'Every log line must include the timestamp, level, service name and request ID. The request ID is propagated across service calls, so you can follow a single request through every service it touched. Use the info level for normal events, warn for recoverable problems and error only for failures that need attention.',
        'Application logs are retained for 30 days in the hot tier and 1 year in the archive tier. Audit logs from the cloud provider and the Kubernetes API servers are retained for 2 years.',
        'Never log credentials or full payment card numbers. The log pipeline masks common patterns, but masking is a safety net, not a substitute for careful logging. Teams producing more than 50 GB of logs per day receive a monthly report and should reduce debug logging.',
      ],
    },
    {
      title: 'Load balancer configuration',
      tags: ['load-balancing', 'networking'],
      body: [
        'Public traffic reaches our clusters through layer 7 load balancers managed by the platform team. Each load balancer terminates TLS, forwards requests to the ingress controller in the cluster and spreads traffic across three availability zones.',
        "Health checks call each backend's health endpoint every 10 seconds. A backend is removed from rotation after 3 consecutive failed checks and added back after 2 successful ones. The health endpoint should check only the service itself, not its downstream dependencies, to avoid cascading removals.",
        'The default idle timeout is 60 seconds. Services that stream responses or hold websocket connections can request a longer timeout, up to 1 hour, through ingress annotations. Connection draining gives in-flight requests 30 seconds to finish when a backend is removed.',
        'Rate limits at the edge protect backends from bursts: by default 1,000 requests per second per client IP. Changes to load balancer listeners and routing rules are made in Terraform like the rest of our infrastructure.',
        'Access logs from the load balancers are shipped to the logging platform and retained for 90 days. They record the client IP, the request path, the response code and the time each backend took to respond.',
      ],
    },
    {
      title: 'Node pool upgrades and maintenance windows',
      tags: ['kubernetes', 'maintenance-windows'],
      body: [
        'Kubernetes nodes run a hardened machine image that the platform team builds every two weeks with the latest operating system patches. Node pools are upgraded to the new image on a rolling basis during the weekly maintenance window on Tuesdays from 06:00 to 08:00 UTC.',
        'During an upgrade, each node is cordoned and drained before it is replaced. Pods are evicted according to their pod disruption budgets, so a workload with a budget of one unavailable pod never loses more than one replica at a time.',
        "Workloads must tolerate being rescheduled at any time. Run at least two replicas, define a pod disruption budget, handle the termination signal by finishing in-flight work within 30 seconds, and avoid storing state on the node's local disk.",
        'If an upgrade causes problems, the platform team can pause the rollout and move pods back to nodes running the previous image, which are kept for 48 hours after each upgrade.',
        'Upgrade progress is posted in the platform channel, and upgrading a pool of 30 nodes takes about 40 minutes. Teams can request an exemption from a single maintenance window during a critical launch, but no exemption lasts longer than two weeks.',
      ],
    },
    {
      title: 'Cloud cost allocation tags',
      tags: ['cloud-costs', 'resource-tagging'],
      status: 'DRAFT',
      body: [
        'This draft proposes mandatory cost allocation tags for all cloud resources. Tags let the platform team and resource owners see which team and service is responsible for every part of the cloud bill.',
        'Every resource would need four tags: team, service, environment and cost center. The Terraform modules would apply these tags automatically from the module inputs, and a policy check would reject resources without them before apply.',
        'Shared infrastructure, such as the Kubernetes clusters and the network layer, would be allocated to teams in proportion to their usage. For clusters, the allocation would use the CPU and memory requests of each namespace, averaged over the month.',
        "Untagged resources older than 14 days would be reported in the platform channel every week. The proposal also includes a monthly cloud cost report per team and an alert when a team's cloud usage grows by more than 20 percent month over month.",
        'Comments on the draft can be left in the platform channel until the end of the quarter. If it is approved, existing resources would be tagged by a one-time script run in each cloud account, and teams would have 30 days to fix any resources the script cannot classify.',
      ],
    },
    {
      title: 'Legacy virtual machine backups (retired)',
      tags: ['backups', 'legacy'],
      status: 'ARCHIVED',
      body: [
        'This page documents how backups worked for services that ran on virtual machines before the migration to Kubernetes. It is archived; all current backups follow the backup and restore policy.',
        'Each virtual machine had a nightly disk snapshot taken at 23:00 UTC by a cron job on the backup host. Snapshots were kept for 14 days, and weekly snapshots were kept for 8 weeks. Databases on virtual machines were also dumped to compressed files every six hours and copied to a storage server in the second data center.',
        'Restores required an operator to create a new disk from the snapshot, attach it to a replacement machine and update the server inventory by hand. A full restore of a large database took between six and ten hours.',
        'The process was retired when the last virtual machines were decommissioned. The backup host and the storage server were wiped and recycled, and the cron jobs were removed from the configuration management repository.',
        'Restore tests under the old process were manual and happened only once per quarter, which is one reason recovery times were so long and so unpredictable.',
      ],
    },
  ],
};
