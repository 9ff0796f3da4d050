import type { TopicSpec } from './types.js';

export const SUPPORT: TopicSpec = {
  topic: 'support',
  docs: [
    {
      title: 'Ticket priority levels',
      tags: ['tickets', 'priority'],
      body: [
        "Every support ticket gets a priority when it is triaged. The priority determines the response target and the queue the ticket goes to, so set it based on the customer's business impact, not on how upset the message sounds.",
        '## Priorities',
        "- Urgent: the product is unusable for the customer's whole organization, or a security or billing error affects many users.\n- High: a key workflow is broken for several users and there is no workaround.\n- Normal: a feature is not working as expected but a workaround exists. Most tickets are normal.\n- Low: questions, how-to requests and feature suggestions.",
        'Enterprise customers can set the priority themselves when they open a ticket in the support portal, but agents should correct it during triage when it does not match the definitions. Explain the change politely in the first reply.',
        'Urgent tickets are also posted automatically in the support escalations channel, so the support lead on shift sees them within minutes even when the queue is busy.',
      ],
    },
    {
      title: 'Support SLAs and first response targets',
      tags: ['slas', 'response-times'],
      author: 'admin',
      body: [
        'Our service level agreements set how quickly customers get a first response from a support agent. First response time is measured from ticket creation to the first public reply by a human agent; automatic acknowledgements do not count.',
        '## First response targets',
        '- Enterprise plan: urgent 1 hour, high 4 hours, normal 8 business hours, low 2 business days.\n- Business plan: urgent 4 hours, high 8 business hours, normal 1 business day.\n- Starter plan: all priorities within 2 business days.',
        "Urgent tickets from enterprise customers are covered 24 hours a day, 7 days a week. All other targets count business hours only, which are 08:00 to 20:00 in the customer's region, Monday to Friday.",
        'The support operations team reports SLA attainment every week. Our goal is to meet the first response target on at least 95 percent of tickets. Tickets that are about to breach their SLA turn orange in the queue 30 minutes before the deadline.',
        "Next response time, the time between a customer's reply and our next public reply, is also tracked, with a target of 8 business hours on every plan. Setting a ticket to pending while waiting for the customer pauses the SLA clock.",
      ],
    },
    {
      title: 'Escalating a ticket to tier 2',
      tags: ['escalation', 'support-tiers'],
      body: [
        'Tier 1 agents handle most tickets end to end. Escalate a ticket to tier 2 when it needs deeper product expertise, access to internal admin tools or an investigation of logs, and only after you have worked through the troubleshooting steps in the relevant knowledge base article.',
        "Before escalating, make sure the ticket contains the customer's account identifier, exact steps to reproduce the problem, screenshots or screen recordings, the browser or app version and what you have already tried. Tier 2 returns tickets that lack this information.",
        'Use the Escalate to tier 2 macro in the ticketing system instead of reassigning the ticket manually, so the escalation reason is recorded. Tier 2 accepts escalations of high and urgent tickets within 2 business hours. Tell the customer that a specialist is looking into the problem and when they can expect the next update.',
        "Tier 1 agents remain the customer's point of contact unless tier 2 explicitly takes over the conversation. Escalation rates are reviewed monthly to find training gaps and missing knowledge base articles.",
      ],
    },
    {
      title: 'Writing knowledge base articles',
      tags: ['knowledge-base', 'self-service'],
      body: [
        'The public knowledge base answers common customer questions so customers can help themselves and agents can link to consistent answers. Every agent is encouraged to write or improve articles, and the knowledge base editor reviews each article before publishing.',
        'Write one article per task or problem, with a title phrased the way customers search, such as How do I reset my password. Start with the answer, then give numbered steps with one action per step, and add screenshots only where they clarify a step.',
        'If you answer the same question in three tickets within a week and no article exists, create a draft article and link it in those tickets. Every article has an owner and a review date, and it is reviewed at least every 6 months or whenever the product changes.',
        'Article helpfulness votes and searches that returned no results are reviewed every Monday by the knowledge base editor. Articles with a helpfulness score below 60 percent are rewritten first.',
      ],
    },
    {
      title: 'Using macros and saved replies',
      tags: ['macros', 'tickets'],
      body: [
        'Macros are saved replies and actions in the ticketing system. A macro can insert a response template, set the ticket priority, add tags and change the ticket status in one click, which keeps answers consistent and saves agents time.',
        'Always personalize a macro before sending it. Greet the customer by name, remove parts that do not apply and make sure the reply addresses the exact question. Customers notice canned responses, and our satisfaction surveys show lower scores when replies feel generic.',
        'Shared macros are managed by the support operations team. To request a new shared macro or a change, fill in the macro request form with the reply text, the tags it should apply and the situations where agents should use it. Personal macros are fine for your own use but should not be shared with the team.',
        'Macros that have not been used in 90 days are reviewed and retired by support operations once a quarter, and agents are told in the weekly support update which macros were removed.',
      ],
    },
    {
      title: 'Handling refund requests',
      tags: ['refunds', 'billing-questions'],
      body: [
        'Customers sometimes ask for refunds after an unexpected charge, a downgrade or an outage. Support agents can issue refunds within clear limits, and anything beyond those limits goes to the billing specialists on the support team.',
        'Agents can refund a monthly plan charge in full if the customer asks within 14 days of the charge and the account has not been used since the renewal. Annual plans can be refunded on a prorated basis within 30 days of renewal. Any refund above 500 US dollars needs approval from a support team lead.',
        'Service credits, rather than refunds, are offered for outages. Enterprise customers receive credits under the terms of their service level agreement; agents use the credit calculator in the billing admin tool and attach the result to the ticket.',
        'Record every refund with the refund tag and the reason in the ticket. Never promise a refund to a customer in writing before it has been issued or approved.',
        "Refunds go back to the original payment method and take 5 to 10 business days to appear on the customer's statement. Customers who paid by invoice receive a credit note from the billing specialists instead of a card refund.",
      ],
    },
    {
      title: 'CSAT surveys and ticket quality scoring',
      tags: ['csat', 'quality-assurance'],
      body: [
        'After a ticket is solved, the customer receives a one-question satisfaction survey asking how they would rate the support they received, with an optional comment. Customer satisfaction, or CSAT, is the share of responses that are good, and our target is 92 percent.',
        "Negative ratings are reviewed by the agent's team lead within two business days. The lead reads the ticket, categorizes the cause, such as slow response, wrong answer, product limitation or policy, and reaches out to the customer when another reply could still help.",
        "Separately, team leads score a sample of five solved tickets per agent each month using the quality rubric. The rubric covers accuracy, empathy, clarity, correct use of tags and whether the agent checked the knowledge base. Scores are discussed in the agent's monthly coaching session.",
        'CSAT and quality scores are coaching tools, not targets to game. Never ask a customer to give a good rating, and never reopen a solved ticket to avoid a bad one.',
      ],
    },
    {
      title: 'Live chat guidelines for agents',
      tags: ['live-chat'],
      body: [
        'Live chat is available to customers on business and enterprise plans from the help widget inside the product. Chat is staffed from 08:00 to 20:00 in each region on weekdays, and agents should greet a new chat within 60 seconds.',
        'Each agent handles at most three chats at a time. If a question needs more than 20 minutes of investigation, convert the chat into a ticket, tell the customer you will follow up by email and include the chat transcript in the ticket.',
        'Keep messages short and send them in small pieces so the customer sees progress. Never leave a customer without a message for more than two minutes; if you are checking something, say so.',
        'When a chat ends, tag the conversation with the contact reason and mark whether it was solved in chat. The transcript is emailed to the customer automatically, so never paste internal notes into the chat window.',
        'Chat quality is measured with a short survey at the end of each conversation. Our target for chat customer satisfaction is 90 percent, and the average time to first reply is shown on the support dashboard every day.',
      ],
    },
    {
      title: 'Filing a bug report from a customer ticket',
      tags: ['bug-reports', 'escalation'],
      body: [
        'When a ticket reveals a product bug, support files a bug report so it can be fixed. Check the known issues list first; if the bug is already reported, link the ticket to the existing report instead of creating a duplicate.',
        'A good bug report includes the affected feature, steps to reproduce, expected and actual behaviour, the number of customers affected, their plans and any workaround you offered. Attach screenshots and the request identifiers from the browser console when you have them.',
        'Support does not set the priority of a bug, but the number of linked tickets raises its visibility. Bugs with more than five linked customer tickets are reviewed every week in the support and product sync.',
        'When the fix is released, the ticketing system notifies the agents on all linked tickets. Reply to each customer to confirm the fix and ask them to reopen the ticket if they still see the problem.',
        "Use the bug report template in the ticketing system, which fills in the account and plan fields automatically. Add the bug tag to the customer ticket and set it to pending while the fix is in progress, so it does not count against the agent's open queue.",
      ],
    },
    {
      title: 'Support coverage hours and shift scheduling',
      tags: ['coverage', 'scheduling'],
      body: [
        'Support covers three regions with overlapping shifts. The Americas team works from 08:00 to 20:00 Eastern time, the Europe team from 08:00 to 20:00 Central European time and the Asia-Pacific team from 08:00 to 20:00 Singapore time. Together they cover weekdays around the clock.',
        'Weekend coverage is provided by a rotating weekend team that handles urgent tickets for enterprise customers only. Each agent works one weekend in six and receives two weekdays off in return.',
        'Shift schedules are published four weeks in advance in the workforce management tool. Agents may swap shifts if both agree and the team lead approves the swap at least 48 hours before the shift starts.',
        'Staffing is planned from the ticket forecast, which predicts ticket volume by hour using the last 12 weeks of data. During product launches, the support lead adds extra coverage for the first three days after release.',
        'Each shift starts with a ten-minute handover in which the outgoing team lead lists open urgent tickets, known outages and customers waiting on a promised callback. Agents take a 30-minute break every four hours, planned in the workforce management tool so the queue is always covered.',
      ],
    },
    {
      title: 'De-escalating frustrated customers',
      tags: ['customer-communication', 'tone'],
      body: [
        'Customers who write in angry are usually stressed because something important to them is not working. Our job is to solve the problem and make the customer feel heard, not to win an argument.',
        'Start by acknowledging the impact in your own words, for example I can see that the failing export has held up your month-end report. Apologize for the experience without blaming another team or the customer, then explain the next step and when you will send an update.',
        'Avoid defensive phrases like as I said, unfortunately that is our policy, or you should have. Offer choices where you can, such as a workaround now or a call with a specialist tomorrow, because choices give the customer back some control.',
        'If a customer becomes abusive or threatening, you may end the conversation politely and hand the ticket to your team lead. You never have to tolerate insults, and team leads back agents up in these situations.',
        'After a difficult conversation, take a five-minute break before opening the next ticket. Team leads review escalated conversations in weekly coaching and share examples of replies that turned a frustrated customer around.',
      ],
    },
    {
      title: 'Ticket tagging and contact reasons',
      tags: ['tickets', 'tagging'],
      body: [
        'Tags on support tickets power reporting on why customers contact us, which product areas generate the most tickets and where the knowledge base has gaps. Every solved ticket needs a contact reason tag and a product area tag.',
        'Contact reason tags describe what the customer needed, such as how-to, bug, billing question, account access or feature request. Product area tags match the areas of the product, such as reports, integrations, permissions and mobile. The ticketing system will not let an agent solve a ticket without both tags.',
        'Use the optional tags sparingly: the refund tag for any refund issued, the vip tag for strategic accounts and the outage tag for tickets created during a declared service disruption.',
        'The support operations team reviews the tag list every quarter and merges rarely used tags. Do not create new tags yourself; request them through support operations so the weekly ticket reports stay consistent.',
        'Tag accuracy is part of the monthly quality rubric, and support operations audits a random sample of 100 solved tickets each month to check that contact reason tags match the conversation.',
      ],
    },
    {
      title: 'Verifying customer identity before account changes',
      tags: ['identity-verification', 'account-changes'],
      visibility: 'PRIVATE',
      author: 'admin',
      body: [
        'Attackers sometimes contact support pretending to be a customer in order to take over an account. Before making any sensitive change, agents must verify that the person is an authorized contact for the account.',
        '## Sensitive changes',
        '- Changing the email address or owner of an account.\n- Disabling two-factor authentication for a user.\n- Adding an administrator or changing billing details.\n- Exporting account data on behalf of the customer.',
        "For these changes, the request must come from the account owner's verified email address, and the agent sends a one-time verification code to that address. If the owner has lost access to their email, the request needs a signed letter on company letterhead and approval from a tier 2 specialist.",
        'Never disable two-factor authentication based on a chat conversation alone, and never reveal which email address is on file. Record the verification method in an internal note on the ticket.',
        'If a request fails verification, decline the change politely, explain which verification step is missing and add the identity-check-failed tag. Repeated failed verification attempts on the same account within 24 hours are escalated to a team lead as a possible account takeover attempt.',
      ],
    },
    {
      title: 'Handling enterprise customer escalations',
      tags: ['escalation', 'enterprise-accounts'],
      status: 'DRAFT',
      body: [
        'This draft describes how support handles escalations from enterprise customers that go beyond a single ticket, for example when an executive at the customer complains about repeated problems or the account is at risk of not renewing.',
        "An enterprise escalation can be raised by the customer's account manager, customer success manager or a support team lead. It is logged on the escalations board, and an escalation manager from support is assigned within 4 business hours.",
        'The escalation manager reviews all open and recent tickets for the account, organizes an internal call with support, customer success and product within two business days, and sends the customer a written action plan. The customer receives updates at least twice a week until the escalation is closed.',
        "An escalation is closed when the customer confirms the issues are resolved or the action plan is complete. We are still deciding whether closing should also require a satisfaction check with the customer's executive sponsor.",
        'Every open enterprise escalation is reviewed in the weekly support leadership meeting on Mondays. If an escalation is still open after 30 days, the head of support joins the next call with the customer.',
      ],
    },
  ],
};
