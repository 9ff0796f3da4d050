import type { TopicSpec } from './types.js';

export const LEGAL: TopicSpec = {
  topic: 'legal',
  docs: [
    {
      title: 'GDPR basics for employees',
      tags: ['gdpr', 'data-protection'],
      author: 'admin',
      body: [
        'The General Data Protection Regulation, or GDPR, governs how we collect and use the personal data of people in the European Union. Personal data is any information relating to an identifiable person, including names, email addresses, IP addresses and device identifiers.',
        'We must have a lawful basis for every processing activity. For customer accounts the basis is usually performance of a contract; for marketing emails it is consent; for fraud prevention it is our legitimate interest. The record of processing activities, maintained by the privacy team, lists the lawful basis for each activity.',
        'The GDPR principles that matter most day to day are data minimization, meaning collect only what you need; purpose limitation, meaning do not reuse data for an unrelated purpose; and storage limitation, meaning erase data when it is no longer needed.',
        'Fines for serious violations can reach 4 percent of global annual turnover. If you are unsure whether a new use of personal data is lawful, ask the privacy team before you start, not after launch.',
      ],
    },
    {
      title: 'Handling data subject access requests',
      tags: ['data-subject-requests', 'gdpr', 'privacy'],
      body: [
        'Individuals have the right to ask what personal data we hold about them, to correct it, to have it erased and to receive a copy in a portable format. These are called data subject requests, and we must respond within one month of receiving the request.',
        'Requests can arrive through any channel, including support tickets, email to sales or social media. Anyone who receives a request forwards it to privacy@example.com on the same day and tells the person that the privacy team will respond. Do not try to fulfill the request yourself.',
        "The privacy team verifies the requester's identity, logs the request in the privacy request register and coordinates the search across systems. The one-month deadline can be extended by two further months for complex requests, but the requester must be told about the extension within the first month.",
        'Some data can lawfully be withheld, for example information about other people or data we must keep to meet a legal obligation. The privacy team documents every decision to withhold or refuse, along with the legal reason.',
      ],
    },
    {
      title: 'Contract review process',
      tags: ['contracts'],
      body: [
        "All contracts that bind the company must be reviewed by the legal team before signature. This includes customer agreements, vendor agreements, partnership agreements, statements of work and amendments. Do not accept a vendor's online terms by clicking through them without legal review if the purchase requires a purchase order.",
        'Submit contracts through the legal request form with the counterparty name, the contract value, the deadline and any commercial terms already agreed. Standard customer agreements on our own template with no changes are approved by the deal desk without legal review.',
        "Legal aims to return first comments within 3 business days for contracts under 100,000 US dollars and within 5 business days for larger or unusual agreements. Redlines on the counterparty's paper take longer, so start early.",
        'Clauses that always need legal attention include limitation of liability, indemnification, intellectual property ownership, exclusivity, automatic renewal and governing law. Fully executed contracts are stored in the contract repository by the legal operations team.',
      ],
    },
    {
      title: 'Signature authority matrix',
      tags: ['contracts', 'signature-authority'],
      visibility: 'PRIVATE',
      author: 'admin',
      body: [
        'Only specific people may sign contracts on behalf of the company. A contract signed by someone without authority may still bind the company, which is why signing outside this matrix is a disciplinary matter.',
        '## Who can sign',
        "- Customer agreements on the standard template: the VP of Sales, for up to 500,000 US dollars in annual value.\n- Vendor agreements: the budget owner's department head up to 100,000 dollars, and the CFO above that.\n- Non-disclosure agreements on our template: any director.\n- Employment contracts: the head of people.\n- Anything with unlimited liability, exclusivity or a term longer than three years: the CEO, after review by the general counsel.",
        'Signatures are collected through the electronic signature platform, which routes each contract to the correct signatory based on the contract type and value. Wet-ink signatures are only used when a counterparty or local law requires them.',
        'The general counsel can grant temporary signature authority in writing, for example when a signatory is on leave. Delegations are recorded in the legal operations register and expire after 30 days.',
      ],
    },
    {
      title: 'Non-disclosure agreements',
      tags: ['nda', 'contracts'],
      body: [
        'A non-disclosure agreement protects confidential information we share with, or receive from, another party during discussions such as a partnership, an acquisition or a vendor evaluation. Use our mutual NDA template from the legal self-service library.',
        'Our template can be signed without legal review if the counterparty accepts it without changes. Its term is two years, and confidentiality obligations survive for three years after the agreement ends. Trade secrets stay protected for as long as they remain trade secrets.',
        'If the counterparty insists on its own NDA, send it to legal for review. Watch for one-way obligations that protect only the other side, non-solicitation clauses and residuals clauses, which allow the other party to use information retained in memory.',
        'An NDA is not needed for sales conversations where we only share public information, and it does not replace a data processing agreement when personal data will be disclosed.',
        'Signed NDAs are stored in the contract repository together with the counterparty name and the expiry date. The legal operations team reminds the relationship owner 60 days before an NDA expires so it can be renewed if discussions are still ongoing.',
      ],
    },
    {
      title: 'Data processing agreements with vendors',
      tags: ['data-processing-agreements', 'gdpr'],
      body: [
        'When a vendor processes personal data on our behalf, the GDPR requires a data processing agreement, or DPA, between us as the controller and the vendor as the processor. The DPA must be signed before any personal data is disclosed to the vendor.',
        "Our DPA template sets out the subject matter and duration of processing, the categories of data subjects and personal data, the processor's security obligations and its duty to help us answer data subject requests. Processors may only use approved sub-processors and must notify us 30 days before adding a new one.",
        'Transfers of personal data outside the European Economic Area require an additional transfer mechanism, normally the standard contractual clauses, plus a transfer impact assessment completed by the privacy team.',
        'The privacy team keeps a register of all processors and their DPAs. When a vendor contract ends, the processor must erase or return our personal data within 30 days and confirm the erasure in writing.',
        'Procurement will not issue a purchase order to a processor until the DPA is signed. The processor register records the categories of personal data each processor handles and the country where that data is stored.',
      ],
    },
    {
      title: 'Privacy impact assessments',
      tags: ['privacy', 'dpia'],
      body: [
        'A privacy impact assessment, called a data protection impact assessment under the GDPR, is required before we start any processing that is likely to result in a high risk to individuals. Examples include large-scale profiling, processing special categories of data, systematic monitoring and new uses of location data.',
        'Product managers complete the privacy screening questionnaire for every new feature that touches personal data. If the screening flags a high risk, the privacy team runs a full assessment together with the product team before development starts.',
        'The assessment describes the processing and its purpose, evaluates whether it is necessary and proportionate, identifies risks to the rights and freedoms of individuals and lists the measures that reduce them, such as pseudonymization, shorter retention or opt-out controls.',
        'The data protection officer signs off every assessment. If a high risk cannot be reduced, the law requires us to consult the supervisory authority before processing begins. Assessments are reviewed whenever the processing changes and at least every two years.',
      ],
    },
    {
      title: 'Cookie consent requirements',
      tags: ['cookies', 'consent', 'privacy'],
      body: [
        'Our websites and web app may only set non-essential cookies after the visitor has given consent. Non-essential cookies include analytics, advertising and personalization cookies. Strictly necessary cookies, such as session and fraud prevention cookies, do not need consent.',
        'The consent banner must offer accept and reject options with equal prominence on its first layer, and it must not pre-tick any categories. Visitors can change their choice at any time through the cookie settings link in the footer.',
        'Consent records are kept for 12 months, including the version of the banner the visitor saw and the categories they accepted. When the list of cookies changes materially, visitors are asked for consent again.',
        'Any team that wants to add a new third-party script or tracking pixel must register it with the privacy team first. The privacy team classifies it, updates the cookie policy and configures the consent manager so the script only loads after consent.',
        'Cookie lifetimes are limited to 13 months for analytics cookies and 6 months for advertising cookies. The privacy team scans our websites monthly to detect cookies that are not listed in the cookie policy.',
      ],
    },
    {
      title: 'Open source license compliance',
      tags: ['open-source-licenses'],
      body: [
        'We use open source software extensively, and each component comes with a license whose terms we must follow. The legal team maintains the open source policy, which groups licenses by the obligations they create for our products.',
        'Permissive licenses, such as MIT, BSD and Apache 2.0, are approved for all uses as long as we keep the copyright notices and license texts. Weak copyleft licenses, such as the MPL and LGPL, are allowed with conditions. Strong copyleft licenses, such as the GPL and AGPL, need legal approval before they are used in any distributed product or hosted service.',
        'A license scanner checks every third-party component in our repositories and blocks components with unapproved licenses. Requests for exceptions go to the legal team with the component name, version, license and intended use.',
        'Our products include a third-party notices file listing every open source component and its license. The file is generated automatically at release time, and the legal team reviews it before each major release.',
      ],
    },
    {
      title: 'Legal holds and document preservation',
      tags: ['legal-hold', 'litigation'],
      visibility: 'PRIVATE',
      author: 'admin',
      body: [
        'When the company is involved in litigation, a government investigation or a dispute that is reasonably likely to lead to litigation, the legal team issues a legal hold. A legal hold requires named employees, called custodians, to preserve all documents and data relevant to the matter.',
        'Custodians receive a legal hold notice by email and must acknowledge it within 5 business days. While the hold is in force, you must not delete, alter or discard any relevant emails, chat messages, documents or files, even if a normal retention policy would erase them.',
        "The legal team works with IT to suspend automatic deletion for the custodians' mailboxes and accounts. When a custodian leaves the company, their data is preserved rather than erased during offboarding.",
        'Legal holds are confidential. Do not discuss the matter with colleagues who are not custodians or with anyone outside the company. The legal team sends reminder notices every six months and releases the hold in writing when the matter ends.',
      ],
    },
    {
      title: 'Anti-bribery and corruption policy',
      tags: ['anti-bribery', 'compliance'],
      body: [
        'We do not offer, give, request or accept bribes or any other improper payment, directly or through third parties. This applies to employees, contractors, resellers and anyone acting on our behalf, in every country where we do business.',
        "Facilitation payments, meaning small payments to speed up routine government actions such as customs clearance, are prohibited even where they are common practice. The only exception is a payment made under an immediate threat to someone's personal safety, which must be reported to the legal team within 24 hours.",
        'Anything of value offered to a government official, including employees of state-owned companies, needs prior approval from the compliance officer regardless of its value.',
        'Resellers and agents who interact with government customers must pass anti-corruption due diligence before they are appointed and must agree to our anti-bribery clauses. Report concerns through the ethics hotline, which accepts anonymous reports. Retaliation against anyone who reports in good faith is prohibited.',
        'All employees complete anti-bribery training when they join and every two years afterwards. Sales staff working with public sector customers complete an additional module each year covering public procurement rules and conflicts of interest.',
      ],
    },
    {
      title: 'Trademark and brand name usage',
      tags: ['trademarks', 'intellectual-property'],
      body: [
        'Our product names and logos are registered trademarks in our main markets, and protecting them depends on using them consistently. The legal team manages trademark registrations, renewals and enforcement against infringing uses.',
        "Use trademarks as adjectives followed by a generic noun, not as verbs or plurals. Apply the registered symbol on the first prominent use in marketing materials and legal documents. Never combine our marks with another company's marks into a single name.",
        'Partners and resellers may use our name and logo only under a written trademark license, usually included in their partner agreement. Requests from third parties to use our marks go to the legal team.',
        'If you come across a website, app or social media account that uses our trademarks in a confusing way, report it to the legal team instead of contacting the owner yourself. The legal team decides whether to send a takedown notice or a cease and desist letter.',
        'Domain names that contain our trademarks are registered by the legal team only; employees must not register such domains themselves, even for a short campaign. Expired registrations are monitored so they cannot be picked up by squatters.',
      ],
    },
    {
      title: 'Reporting a personal data breach',
      tags: ['breach-notification', 'gdpr'],
      body: [
        'A personal data breach is a breach of security leading to the accidental or unlawful destruction, loss, alteration, unauthorized disclosure of, or access to, personal data. Under the GDPR, we must notify the competent supervisory authority within 72 hours of becoming aware of a breach, unless it is unlikely to result in a risk to individuals.',
        'Anyone who suspects a breach must tell the privacy team immediately, even outside working hours, through the privacy incident hotline. The 72-hour clock starts when the company becomes aware, not when the investigation is complete, so any delay in reporting internally eats into the deadline.',
        'The privacy team and the data protection officer assess the breach, decide whether notification is required and prepare the notice. If the breach is likely to result in a high risk to individuals, we must also inform the affected data subjects without undue delay, in clear and plain language.',
        'Every breach, including those that do not require notification, is recorded in the breach register with the facts, its effects and the remedial action taken. Customers who act as controllers of the affected data are notified within 48 hours under the terms of our data processing agreements.',
      ],
    },
    {
      title: 'Updating the terms of service',
      tags: ['terms-of-service'],
      status: 'DRAFT',
      body: [
        'This draft sets out how we change the terms of service that govern customer use of our products. The terms are owned by the legal team, and any change needs approval from the general counsel.',
        'Material changes, such as new limitations of liability, changes to payment terms or changes to how we use customer data, are announced to customers at least 30 days before they take effect. Notices are sent by email to account owners and shown as a banner in the product.',
        'Non-material changes, such as clarifications, corrected typos or updated company addresses, can take effect on publication. Every version of the terms is archived with its effective date, and the previous versions page lists them so customers can compare.',
        'Enterprise customers with a negotiated agreement are not affected by changes to the online terms unless their agreement says otherwise. The legal team is still reviewing whether free-plan users should have to accept updated terms actively at their next sign-in.',
      ],
    },
  ],
};
