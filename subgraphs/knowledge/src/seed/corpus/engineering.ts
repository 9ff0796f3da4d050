import type { TopicSpec } from './types.js';

export const ENGINEERING: TopicSpec = {
  topic: 'engineering',
  docs: [
    {
      title: 'How we deploy services to production',
      tags: ['deployments', 'continuous-delivery'],
      author: 'admin',
      body: [
        'Every service ships through the same deployment pipeline. A merge to the main branch triggers a build, the build produces a versioned container image, and the pipeline deploys that image to staging automatically. Production deploys are started from the deploy dashboard by the engineer who merged the change, never by someone who has not seen the diff.',
        '## Deployment windows',
        'Production deploys are allowed Monday to Thursday between 09:00 and 16:00 local time. Friday deploys need approval from the engineering manager on duty, and deploys during a declared code freeze need sign-off from the VP of Engineering. The pipeline blocks a deploy outside the window unless an override reason is entered.',
        'Each production deploy starts as a canary release. The new version first receives 5 percent of traffic for 10 minutes while the pipeline compares its error rate and p95 latency with the previous version. If the error rate rises by more than 1 percentage point, the canary is aborted and traffic returns to the old version automatically. Otherwise the rollout continues to 25, 50 and 100 percent.',
        'After the rollout finishes, the deploying engineer watches the service dashboard for 30 minutes and stays reachable in the #deploys channel. The deploy log records the commit, the image tag, the person who started the deploy and the time each stage completed, so anyone can answer what changed and when.',
      ],
    },
    {
      title: 'Code review guidelines for pull requests',
      tags: ['code-review', 'pull-requests'],
      body: [
        'Every change to a production repository goes through a pull request and needs at least one approving review from an engineer who did not write the code. Changes to authentication, billing or database migrations need two approvals, one of them from a code owner listed in the CODEOWNERS file.',
        'Reviewers should respond within one business day. If a pull request has waited longer than that, the author may ping the team channel and ask for another reviewer. Keep pull requests small: aim for fewer than 400 changed lines, and split refactoring from behaviour changes so each diff is easy to reason about.',
        '## What reviewers check',
        '- The change does what the description says, and the description explains why.\n- New behaviour is covered by tests, and existing tests still pass in CI.\n- Error handling, logging and naming follow the conventions of the codebase.\n- No credentials, debug statements or commented-out code are committed.',
        'Comments should be about the code, not the author. Prefix optional suggestions with "nit:" so the author knows they are not blocking. The author resolves each thread or replies to it, and the reviewer re-approves after significant pushes. Approvals are dismissed automatically when new commits arrive on the branch.',
      ],
    },
    {
      title: 'Keeping the CI pipeline green',
      tags: ['continuous-integration', 'build'],
      body: [
        'The continuous integration pipeline runs on every push to a pull request branch. It installs dependencies from the lockfile, runs the linter and the type checker, executes unit tests, and then runs integration tests against disposable containers. A typical run takes about 12 minutes; anything above 20 minutes is treated as a regression in the build.',
        'The main branch must stay green. When a build on main fails, the author of the last merged commit owns the fix and has 30 minutes to either push a fix or revert the commit. Until main is green again, the merge queue is paused and no other pull requests are merged.',
        'Build caching keeps the pipeline fast. Dependency installs are cached by the hash of the lockfile, and compiled artifacts are cached per package, so a change to a single package only rebuilds that package and its dependents. If you suspect a stale cache, add the label ci-clear-cache to the pull request rather than editing the pipeline config.',
        'Pipeline configuration lives in the repository, and changes to it go through code review like any other change. Build minutes are shared across the whole engineering organization, so avoid adding jobs that run on every commit when a nightly job would do.',
      ],
    },
    {
      title: 'Incident response: roles and severity levels',
      tags: ['incident-response', 'severity'],
      body: [
        'An incident is any unplanned event that degrades a customer-facing service. Any engineer can declare an incident by typing /incident in the chat tool, which opens a dedicated incident channel, starts a timeline and pages the on-call incident commander.',
        '## Severity levels',
        '- SEV1: a core product is down or data loss is possible for many customers. The status page is updated within 15 minutes.\n- SEV2: a major feature is degraded or a subset of customers is blocked.\n- SEV3: a minor feature is broken and a workaround exists.\n- SEV4: internal tooling is affected with no customer impact.',
        'Every incident has three roles. The incident commander coordinates the response and makes decisions but does not debug. The operations lead investigates and applies fixes. The communications lead posts updates to the status page and to internal stakeholders every 30 minutes for SEV1 and every hour for SEV2.',
        'Mitigation comes before diagnosis. The operations lead first checks recent deploys, feature flag changes and config pushes, because most incidents are caused by a change, and rolling back the last deploy or turning off a flag is usually the fastest fix. Debugging the root cause continues once the service is stable.',
        'An incident is resolved when customer impact has ended, not when the root cause is understood. The incident commander then closes the incident channel, and a postmortem is required for every SEV1 and SEV2 within five business days.',
      ],
    },
    {
      title: 'On-call rotation and paging expectations',
      tags: ['on-call', 'incident-response'],
      visibility: 'PRIVATE',
      author: 'admin',
      body: [
        'Each product engineering team runs its own on-call rotation. Shifts are one week long and hand over every Monday at 10:00, with a short handover note listing open alerts, recent deploys and anything the next engineer should watch. New engineers shadow two full shifts before joining the rotation as primary.',
        'On-call engineers acknowledge a page within 5 minutes and start working on it within 15 minutes. If the primary does not acknowledge, the paging tool escalates to the secondary after 5 minutes and to the engineering manager after 15 minutes. Keep your laptop and a charged phone with you during your shift.',
        'Before your shift starts, check that you can reach the paging tool, the deploy dashboard, the service runbooks and the production logs. Every alert that pages must link to a runbook; if an alert without one wakes you up, write the runbook during your shift or file a ticket against the owning service.',
        'Engineers receive a weekly stipend for each primary shift, and a page handled between 22:00 and 07:00 earns a half day off. Log overnight pages in the on-call tracker so the half day is approved automatically.',
        'If a single shift produces more than 10 pages, the team reviews its alerts in the next sprint planning and either fixes the noisy alert or raises its threshold. Nobody should be on call more than one week in four.',
      ],
    },
    {
      title: 'Writing blameless postmortems',
      tags: ['postmortems', 'incident-response'],
      body: [
        'A postmortem is required for every SEV1 and SEV2 incident and is optional for SEV3. The incident commander assigns a postmortem owner when the incident closes, and the draft is due within five business days. Use the postmortem template in the engineering handbook so every report has the same sections.',
        '## Sections',
        '- Summary: what happened and who was affected, in three sentences.\n- Timeline: detection, escalation, mitigation and resolution timestamps in UTC.\n- Root cause and contributing factors.\n- What went well and what was hard.\n- Action items, each with an owner and a due date.',
        'Postmortems are blameless. Describe what engineers did and why it made sense with the information they had, without naming individuals as the cause. The goal is to fix the system, including the tooling, alerts and runbooks that allowed a reasonable decision to cause an outage.',
        'The draft is reviewed in the weekly reliability meeting on Wednesdays. Action items are filed in the team backlog with the label postmortem, and the reliability group reports on overdue items each month. High-priority action items should be completed within 30 days.',
      ],
    },
    {
      title: 'Feature flag lifecycle',
      tags: ['feature-flags', 'deployments'],
      body: [
        'Feature flags let us merge unfinished work and decouple deploying code from releasing it. Create a flag in the flag service with an owner, a description and an expected removal date. Flag names use the pattern team-feature-purpose, for example payments-new-checkout-rollout.',
        'There are three kinds of flags. Release flags hide incomplete features and must be removed within 90 days of full rollout. Experiment flags split traffic for A/B tests and are removed when the experiment ends. Operational flags act as kill switches for expensive code paths and may live indefinitely, but they are reviewed every six months.',
        'Roll out a release flag gradually: internal users first, then 10 percent of accounts, then 50 percent, then everyone. Watch error rates at each step. Turning a flag off is the fastest rollback we have, and it takes effect within 30 seconds because services poll the flag service every 30 seconds.',
        "Stale flags are technical debt. The flag service reminds the owner when a flag passes its removal date, and the engineering health report lists each team's count of expired flags. Removing a flag means deleting the dead branch in code and the flag definition in the same pull request.",
      ],
    },
    {
      title: 'Branching strategy and merge rules',
      tags: ['branching', 'code-review', 'git'],
      body: [
        'We use trunk-based development. The main branch is always deployable, and short-lived feature branches are cut from main and merged back within two or three days. Long-running branches drift from main, cause painful merge conflicts and are not allowed for production repositories.',
        'Branch names start with the ticket key followed by a short description, for example ENG-1423-retry-webhooks. Commit messages use the imperative mood and a summary line of at most 72 characters. Reference the ticket in the pull request description so the change shows up on the ticket automatically.',
        'Pull requests are merged through the merge queue with squash merging. The queue rebases each pull request on the latest main, runs the required CI checks again and merges only if they pass, so two compatible-looking changes cannot break main together. Force pushes to main are blocked for everyone, including repository admins.',
        'Hotfixes follow the same path: branch from main, open a pull request, get a review and merge. If a fix must ship faster than the queue allows, the incident commander can approve a priority merge that jumps to the front of the queue.',
      ],
    },
    {
      title: 'Flaky test policy',
      tags: ['testing', 'continuous-integration'],
      body: [
        'A flaky test is one that passes and fails on the same commit without any code change. Flaky tests erode trust in CI, because engineers learn to rerun builds instead of reading failures. The CI dashboard flags a test as flaky when it fails and then passes on retry at least three times in seven days.',
        'When a test is flagged, the owning team has two business days to fix it or quarantine it. Quarantined tests still run but no longer block merges, and they are listed on the quarantine board next to the team that owns them. A test may stay in quarantine for at most 14 days before it must be fixed or deleted.',
        'Common causes of flakiness are shared state between tests, reliance on wall-clock time, unordered collections compared as if they were ordered, and network calls to real services. Use fake timers, reset fixtures in each test, and run integration tests against containers started by the test harness.',
        'Automatic retries are limited to one retry per test job. Adding more retries to hide a flaky test is not allowed; fix the test instead, or quarantine it and open a bug for the owning team.',
      ],
    },
    {
      title: 'Rolling back a bad deploy',
      tags: ['deployments', 'rollback'],
      body: [
        'If a deploy causes errors, roll back first and debug later. Rolling back is always safe for stateless services, because the previous container image is kept in the registry and the deploy dashboard has a one-click Roll back button on every release. A rollback completes in about three minutes.',
        '## Steps',
        '1. Open the service on the deploy dashboard and select the last known good release.\n2. Click Roll back and enter the reason, linking the incident channel if one exists.\n3. Watch error rates and latency return to baseline.\n4. Revert the offending commit on main so the next deploy does not reintroduce it.',
        'Schema migrations complicate rollbacks. Every migration must be backwards compatible with the previous release of the code, so we split schema changes into expand and contract steps: add the new column first, deploy code that writes to both columns, and only drop the old column one release later.',
        'After a rollback, post a short note in the #deploys channel describing what was rolled back and why. If customers were affected for more than 10 minutes, declare an incident so the event gets a timeline and, if needed, a postmortem.',
      ],
    },
    {
      title: 'Weekly mobile release train (retired)',
      tags: ['release-management', 'mobile'],
      status: 'ARCHIVED',
      body: [
        'This page describes the weekly release train that the mobile engineering teams used until the switch to continuous delivery. It is kept for reference only; see the deployment guide for the current process.',
        'Under the old release train, the release branch was cut from main every Tuesday at 12:00. QA ran the regression suite on the release candidate on Wednesday and Thursday, and the build was submitted to the app stores on Friday morning. Any fix that missed the branch cut waited for the next train unless the release manager approved a cherry-pick.',
        'The release manager role rotated weekly among mobile engineers. The release manager owned the release checklist, tracked crash-free sessions after submission and halted the staged rollout if the crash rate went above 0.5 percent.',
        'The train was retired because most fixes waited up to a week to reach users and cherry-picks had become routine. Release notes from the old trains are still in the mobile repository under the docs/releases folder.',
      ],
    },
    {
      title: 'Testing standards for backend services',
      tags: ['testing'],
      body: [
        'Every service has three layers of automated tests. Unit tests cover pure logic and run in milliseconds without a network or database. Integration tests start the service with real dependencies in containers and exercise its API. End-to-end tests drive the whole system through the public gateway and are kept to a small set of critical user journeys.',
        'New code should come with tests at the lowest layer that can catch the bug you are worried about. Line coverage for a service must not drop below 80 percent, and the CI pipeline fails a pull request that lowers coverage by more than one percentage point.',
        'Tests must be deterministic and independent. Each test creates its own fixtures, uses unique identifiers, and cleans up after itself or runs inside a transaction that is rolled back. Do not rely on the order in which tests run, and do not share mutable module state between test files.',
        'Name tests after the behaviour they verify, such as rejects an expired token, rather than test 3. When a bug reaches production, the fix includes a regression test that fails before the fix and passes after it.',
      ],
    },
    {
      title: 'Dependency upgrade process',
      tags: ['dependencies', 'maintenance'],
      status: 'DRAFT',
      body: [
        'Third-party libraries are upgraded continuously rather than in large batches. A bot opens pull requests for new versions of dependencies every Monday, grouped by ecosystem, and the owning team reviews and merges them during the week like any other pull request.',
        'Patch and minor upgrades can be merged once CI passes. Major upgrades need a short note in the pull request describing the breaking changes from the changelog and how they were handled in our code. Upgrades that fix a known vulnerability are labelled urgent and must be merged within the timeline set by the security team.',
        'Pin exact versions in the lockfile and commit the lockfile with every dependency change. Never upgrade a dependency in the same pull request as a feature change, because it makes build failures hard to attribute and reverts hard to do cleanly.',
        'Draft note: we are still deciding whether engineering teams should hold a monthly dependency day with no feature work. Comments on this proposal are welcome in the engineering handbook channel until the end of the quarter.',
      ],
    },
    {
      title: 'Setting up your local development environment',
      tags: ['developer-tooling', 'local-setup'],
      body: [
        'Most engineers can push their first commit on day one by following this guide. You need a company laptop with the developer profile installed, access to the source repositories and a working container runtime. Ask in the #dev-help channel if any step takes longer than 15 minutes.',
        '## Steps',
        '1. Clone the monorepo and run the bootstrap script from the repository root.\n2. Install the pinned Node.js version with the version manager; the script checks it for you.\n3. Start the local stack with the dev compose file, which runs the database, cache and message broker.\n4. Run the test suite once to confirm everything works before you change any code.',
        'The bootstrap script installs git hooks that format staged files and run the linter before each commit. Do not bypass the hooks with the no-verify flag; CI runs the same checks and will reject the pull request anyway.',
        'Local services read configuration from a .env file that the bootstrap script copies from the example file. Never put production credentials in your local environment. Seed data for local development is generated by the seed command and can be reset at any time without affecting other engineers.',
      ],
    },
  ],
};
