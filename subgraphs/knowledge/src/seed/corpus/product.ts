import type { TopicSpec } from './types.js';

export const PRODUCT: TopicSpec = {
  topic: 'product',
  docs: [
    {
      title: 'How the quarterly product roadmap is planned',
      tags: ['roadmaps', 'planning'],
      author: 'admin',
      body: [
        'The product roadmap is planned once a quarter and reviewed monthly. Planning starts six weeks before the quarter begins, when each product manager collects input from customers, sales, support and engineering for their product area.',
        '## Timeline',
        '- Weeks 1 and 2: product managers draft opportunity briefs for the customer problems they want to solve.\n- Week 3: product leadership reviews the briefs against company goals and the capacity of each squad.\n- Week 4: squads estimate effort and propose a committed scope and a stretch scope.\n- Week 6: the final roadmap is published in the product handbook.',
        'The roadmap is organized around outcomes rather than features. Each item states the customer problem, the metric it should move and a confidence level of low, medium or high. Items further than one quarter out appear only as themes, because committing to specific features that far ahead rarely holds.',
        "Customer-facing teams may share the current quarter's roadmap with customers, but never dates for later quarters. Changes to committed roadmap items during the quarter need approval from the group product manager and are recorded in the roadmap change log.",
      ],
    },
    {
      title: 'Product discovery process',
      tags: ['discovery', 'experiments'],
      body: [
        'Discovery is how a squad decides what to build before building it. Every roadmap item with a confidence level below high goes through discovery first, usually over two to four weeks.',
        'Discovery starts with the customer problem, not the solution. The product manager and the rest of the product trio write down the assumptions behind the opportunity: who has the problem, how often it happens, what they do today and what it costs them. Each assumption is ranked by risk and by how little evidence supports it.',
        'The riskiest assumptions are tested first with the cheapest method that could prove them wrong, such as customer interviews, a fake door test, a clickable prototype or an analysis of existing usage. A squad should talk with at least five customers per discovery cycle.',
        'Discovery ends with a decision: build, change direction or drop the opportunity. The squad records the evidence and the decision in the opportunity brief so later readers can see why the roadmap looks the way it does. Dropping an idea after discovery counts as a success, because it saved a quarter of delivery work.',
      ],
    },
    {
      title: 'North star metric and product KPIs',
      tags: ['product-metrics', 'kpis'],
      body: [
        'Our north star metric is weekly active teams: the number of customer accounts where at least three members performed a core action in the last seven days. It captures whether customers get repeated value from the product rather than just signing up.',
        'Every squad owns one or two input metrics that drive the north star. Examples are activation rate, meaning the share of new accounts that complete setup within 14 days, and feature adoption, meaning the share of active accounts that used a feature at least once in the last 28 days.',
        'Product KPIs are reviewed every Monday in the product metrics review. Each squad reports its input metrics against the quarterly target and explains any movement larger than 5 percent week over week. All numbers come from certified definitions, so everyone discusses the same figures.',
        'Avoid vanity metrics such as total sign-ups or page views, which grow even when customers get no value. When proposing a new KPI, state which customer behaviour it measures and which product decision it will inform.',
      ],
    },
    {
      title: 'Launch checklist for new features',
      tags: ['launches', 'go-to-market'],
      body: [
        'Every customer-facing feature follows the launch checklist, which the product manager owns. Launches are classified into tiers: tier 1 launches are major announcements with press and marketing campaigns, tier 2 launches get a blog post and an in-app announcement, and tier 3 launches only get a changelog entry.',
        '## Checklist',
        '- Launch tier agreed with product marketing at least four weeks before a tier 1 launch.\n- Help center articles and support training completed one week before launch.\n- Pricing and packaging confirmed, including which plans include the feature.\n- Success metrics and dashboards defined before launch, not after.\n- Go or no-go meeting held two days before launch.',
        'Launches happen on Tuesdays or Wednesdays so the squad has time to react before the weekend. Tier 1 launches avoid the last two weeks of a quarter, when sales teams are busy closing deals.',
        'Thirty days after launch, the product manager shares a launch retrospective comparing adoption against the success metrics and listing follow-up work for the next roadmap cycle.',
      ],
    },
    {
      title: 'Writing a product requirements document',
      tags: ['requirements', 'prd'],
      body: [
        'A product requirements document, or PRD, explains what a squad is going to build and why. The product manager writes it after discovery and before delivery starts, and it is reviewed by the squad and by at least one stakeholder from sales or customer success.',
        '## Sections',
        '- Problem statement and the evidence from discovery.\n- Target users and the jobs they are trying to get done.\n- Goals and non-goals, with the success metric and its target.\n- User stories with acceptance criteria.\n- Open questions and risks.',
        'Keep the PRD focused on the problem and the expected outcome, and leave implementation decisions to the engineers. Requirements should be written so that anyone can tell whether they are met, such as users can export a report to CSV in under 10 seconds, rather than export should be fast.',
        'A PRD is a living document until the feature launches. Record scope changes in the change history at the top, with the date and the reason, so stakeholders can follow decisions made after the initial review.',
      ],
    },
    {
      title: 'Prioritization with RICE scoring',
      tags: ['prioritization'],
      body: [
        'When there are more opportunities than capacity, squads use RICE scoring to compare them. RICE stands for reach, impact, confidence and effort, and the score is reach times impact times confidence, divided by effort.',
        'Reach is the number of customer accounts affected per quarter. Impact is scored as 3 for massive, 2 for high, 1 for medium, 0.5 for low and 0.25 for minimal. Confidence is a percentage reflecting how strong the evidence is: 100 percent for measured data, 80 percent for solid qualitative evidence and 50 percent for a hunch. Effort is estimated in person-months by the squad.',
        'RICE scores guide the conversation but do not decide it alone. Commitments to strategic customers, regulatory deadlines and platform investments can justify a lower-scoring item, and the product manager explains such choices in the roadmap review.',
        'Scores are stored in the opportunity backlog so they can be revisited when new evidence arrives. Re-score an item whenever discovery changes its confidence level, and archive opportunities that have scored in the bottom quartile for three quarters in a row.',
      ],
    },
    {
      title: 'Running a beta program',
      tags: ['beta', 'launches'],
      body: [
        'A beta program lets selected customers use a feature before general availability so we can find usability problems and validate its value. Betas run for four to eight weeks and are limited to 50 accounts unless the group product manager approves a larger cohort.',
        'Beta participants are chosen from accounts that match the target segment and have agreed to the beta terms. Customer success managers nominate accounts, and the product manager makes the final selection. Accounts with open escalations are not invited.',
        'During the beta, the product manager holds a feedback call with each participant at least once and tracks feature usage on a beta dashboard. The feature stays behind a flag so it can be turned off for a single account if something goes wrong.',
        'A beta graduates to general availability when the success metric reaches its target, no critical bugs remain open and the launch checklist is complete. Participants get a thank-you note and early notice of the launch date.',
      ],
    },
    {
      title: 'Sunsetting a product feature',
      tags: ['deprecation'],
      body: [
        'Removing a feature is sometimes the right call when usage is low, maintenance cost is high or the feature conflicts with the product direction. Any feature used by paying customers can only be removed through the deprecation process.',
        'The product manager writes a deprecation proposal with current usage, the number of affected accounts, the revenue of those accounts and the migration path. The proposal is approved by the head of product and reviewed with customer success and sales leadership.',
        'Customers receive at least 90 days of notice before a feature is removed, and at least 12 months for public API endpoints. Notices go out by email and in-app message, and the help center article for the feature gets a deprecation banner with the removal date.',
        'During the notice period, usage is tracked weekly, and customer success personally contacts the top 20 accounts by usage. After removal, the product manager confirms that the related code, flags and help articles have been retired.',
      ],
    },
    {
      title: 'Setting product OKRs',
      tags: ['okrs', 'goals'],
      body: [
        'Product squads set objectives and key results every quarter. Objectives describe a qualitative outcome, such as make onboarding effortless for small teams. Key results are measurable, such as raise the activation rate from 38 percent to 45 percent.',
        'Each squad has at most two objectives and three key results per objective. Key results measure customer or business outcomes, never output. Shipping a feature is not a key result; the change in customer behaviour the feature should cause is.',
        'OKRs are drafted in the last two weeks of the previous quarter and finalized in the first week of the new one. Progress is scored monthly from 0.0 to 1.0. A score around 0.7 at the end of the quarter is considered a good result, because key results are meant to be ambitious.',
        'Squad OKRs must link to one of the company-level product objectives. The product operations team publishes all OKRs on one page so squads can spot dependencies on other squads early.',
      ],
    },
    {
      title: 'Pricing and packaging changes',
      tags: ['pricing', 'packaging'],
      status: 'DRAFT',
      visibility: 'PRIVATE',
      author: 'admin',
      body: [
        'This draft describes how we propose changes to plans and prices. Pricing changes affect revenue, sales compensation and customer trust, so they follow a stricter process than other product changes.',
        'A pricing proposal is owned by the pricing product manager and includes the target segment, the proposed plan structure, the expected effect on conversion, expansion and churn, and the results of willingness-to-pay research. Proposals are reviewed by the pricing council, which meets on the first Thursday of every month.',
        'Existing customers keep their current price for at least 12 months after a price increase is announced, and they are notified at least 60 days before any change takes effect at renewal. New prices apply to new customers from the announced launch date.',
        'Packaging decisions, meaning which features belong in which plan, are reviewed together with pricing. As a rule, features that help a single user stay in the lower plans, and features that help administrators manage many users belong in the business and enterprise plans.',
      ],
    },
    {
      title: 'Collecting and triaging customer feedback',
      tags: ['customer-feedback', 'feature-requests'],
      body: [
        'Customer feedback reaches product from many directions: sales calls, customer success reviews, in-app surveys and the public ideas board. All of it should end up in the product feedback inbox so it can be searched, counted and linked to opportunities.',
        "Anyone who talks with customers can log feedback with the browser extension or by tagging a conversation with product-feedback. Include the customer account, the problem in the customer's own words and how important it is to them. Describe the underlying problem, not only the feature the customer suggested.",
        "Product managers triage their area's feedback inbox every week. Each item is linked to an existing opportunity or used to create a new one, so the roadmap can show how many accounts and how much revenue are behind each customer problem.",
        'When a requested feature ships, the feedback tool notifies everyone who logged a linked request so they can close the loop with their customers. Closing the loop is one of the strongest signals to customers that their feedback shapes the product.',
      ],
    },
    {
      title: 'Release notes and the product changelog',
      tags: ['release-notes', 'launches'],
      body: [
        "Every customer-visible change is announced in the product changelog, including tier 3 launches, improvements and notable fixes. The changelog is published every Thursday and linked from the What's new menu in the app.",
        "Product managers write the changelog entries for their squad's changes and submit them by Wednesday at noon. Product marketing edits entries for tone and consistency before they are published.",
        'Write entries for customers, not for the squad. Lead with the benefit, explain in one or two sentences what changed and where to find it, and mention which plans include it. Avoid internal project names and ticket numbers.',
        'Screenshots or short animated demos help for visible changes; keep each file under 2 MB. Breaking changes and removals are marked with a badge and link to the deprecation notice. Entries older than 18 months are moved to the changelog archive but remain searchable.',
        'Once a month, product marketing turns the most important changelog entries into a product update email sent to account administrators. Customers can subscribe to the changelog by email or through the feed linked at the bottom of every entry.',
      ],
    },
    {
      title: 'Activation funnel and retention cohorts',
      tags: ['product-metrics', 'activation'],
      body: [
        'The activation funnel shows how new accounts move from sign-up to regular use. Its steps are account created, workspace set up, first teammate invited, first project created and core action repeated on three separate days. An account counts as activated when it completes every step within 14 days of sign-up.',
        'The growth squad owns the activation funnel. Today the biggest drop is between workspace set up and first teammate invited, where roughly 40 percent of accounts stall. Experiments on that step get priority on the growth roadmap.',
        'Retention is measured with monthly cohorts. Each cohort is the set of accounts that signed up in a given month, and the retention curve shows the share still active in each following month. Month 3 retention is the leading indicator we report to the board.',
        'When comparing cohorts, account for seasonality and for marketing campaigns that bring in unusual sign-ups. Use the product analytics workspace, which already excludes internal and test accounts from every funnel.',
      ],
    },
    {
      title: 'Monthly product council',
      tags: ['product-council', 'planning'],
      body: [
        'The product council is a monthly meeting where product leadership reviews roadmap progress, cross-squad dependencies and major product decisions. It takes place on the second Tuesday of each month and lasts 90 minutes.',
        'Squads submit agenda items by the Friday before the meeting. Items typically include requests to change committed roadmap scope, proposals for new product areas, tier decisions for upcoming tier 1 launches and feature deprecation proposals.',
        'Each item gets a one-page pre-read, shared at least two business days ahead. The council expects attendees to read it before the meeting, so presentations are limited to five minutes and the rest of the slot goes to discussion.',
        'Decisions and their rationale are recorded in the product decision log within one day. If a decision affects customers, the product manager also informs the customer success and support leads the same week.',
        'Anyone in the product organization may attend the council as an observer, and the recording is posted in the product channel the same afternoon. Urgent decisions that cannot wait for the next council are taken by the head of product and reported at the following meeting.',
      ],
    },
  ],
};
