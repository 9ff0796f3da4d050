import type { TopicSpec } from './types.js';

export const SECURITY: TopicSpec = {
  topic: 'security',
  docs: [
    {
      title: 'Password requirements for company accounts',
      tags: ['passwords'],
      author: 'admin',
      body: [
        'The minimum password length for company accounts is 14 characters. We do not require a mix of symbols and digits, because long passphrases made of several unrelated words are both stronger and easier to remember. Every new password is checked against a list of known breached passwords, and any match is rejected.',
        'You do not need to change your password on a schedule. Password rotation is only required when there is reason to believe a password has been exposed, for example after a phishing attempt or a breach notice from another site. In that case, change it within 24 hours and tell the security team.',
        'Use the company password manager for every work credential. It generates random passwords, fills them in only on the correct domain, and lets you share credentials through a team vault instead of pasting them into chat. Your password manager master password must be unique and never reused anywhere else.',
        'After 10 failed sign-in attempts, the account is locked for 30 minutes. The service desk can unlock an account early after verifying your identity by video call. Security staff will never ask for your password, not even during an investigation.',
      ],
    },
    {
      title: 'Enrolling in two-factor authentication',
      tags: ['two-factor', 'authentication'],
      body: [
        'Two-factor authentication is mandatory for every employee and contractor account. New accounts have 7 days to enroll a second factor; after that, sign-in is blocked until the service desk helps you enroll.',
        '## Supported factors',
        '- Hardware security keys (preferred). Every employee receives two keys: one for daily use and a backup kept somewhere safe.\n- An authenticator app with time-based one-time codes.\n- SMS codes are not accepted, because phone numbers can be hijacked through SIM swapping.',
        'To enroll, open the identity portal, choose Security settings, and register your security key or scan the QR code with an authenticator app. Save the ten recovery codes shown at the end of enrollment in your password manager. Each recovery code works only once.',
        'If you lose a security key, report it to the security team within one business day so the key can be revoked. Engineers with production access must use a hardware key; authenticator apps are not allowed for administrative consoles.',
      ],
    },
    {
      title: 'How to recognize and report phishing',
      tags: ['phishing', 'social-engineering'],
      body: [
        'Phishing emails try to trick you into entering credentials, opening a malicious attachment or approving a fraudulent payment. They often create urgency, impersonate an executive or a vendor, and use look-alike domains that differ from ours by a single character.',
        '## Warning signs',
        '- The sender address does not match the display name.\n- The message asks you to sign in through a link rather than through the bookmark you normally use.\n- The attachment is a macro-enabled document or an archive whose password is given in the email body.\n- Someone asks you to change bank details or buy gift cards, even a senior colleague.',
        'To report a suspicious message, use the Report phishing button in the mail client. It sends the message with its full headers to the security team and removes it from your inbox. Do not forward phishing emails to colleagues as a warning; that only spreads the malicious link.',
        'If you already clicked a link or typed your password, report it immediately and change your password. Acting within the first hour makes a big difference. Nobody is disciplined for reporting a mistake, and the security team runs simulated phishing campaigns each quarter so everyone can practice spotting attacks.',
      ],
    },
    {
      title: 'Quarterly access reviews',
      tags: ['access-reviews', 'least-privilege'],
      body: [
        'Access reviews confirm that people only hold the permissions their current role needs. They run every quarter, in the first two weeks of January, April, July and October, and cover production systems, the source code host, the finance system and every application that holds customer data.',
        'The identity platform sends each manager a list of their direct reports with the groups and roles each person holds. The manager must approve or revoke every entitlement; accepting a whole list without looking at it is not allowed, and the review tool records how long each decision took.',
        'Revocations are applied automatically within 24 hours of the review closing. Privileged roles, such as production administrator or billing administrator, are reviewed by both the manager and the system owner. Any entitlement that is not reviewed by the deadline is revoked by default.',
        'Results are exported as evidence for the annual SOC 2 audit. Between reviews, access should follow least privilege: request elevated permissions through the access portal for a specific time window of up to 8 hours instead of asking for standing admin rights.',
        'Access reviews also catch orphaned accounts: service accounts without an owner, contractor accounts whose engagement has ended and shared admin credentials. These are disabled immediately and reported to the security team, because dormant privileged accounts are a favorite target for attackers.',
      ],
    },
    {
      title: 'Encryption standards for data at rest and in transit',
      tags: ['encryption', 'cryptography'],
      body: [
        'All customer data is encrypted at rest and in transit. This standard defines the minimum algorithms and key lengths; teams may choose stronger settings but never weaker ones.',
        'Data at rest is encrypted with AES-256. Database volumes, object storage buckets and backups use encryption keys managed by the key management service, and those keys are rotated automatically every 365 days. Application-level encryption is also required for especially sensitive fields, such as government ID numbers and bank account numbers.',
        'Data in transit uses TLS 1.2 or newer, with TLS 1.3 preferred. Older protocols and weak cipher suites are disabled on every public endpoint. Service-to-service traffic uses mutual TLS with certificates issued by the internal certificate authority, and each certificate is valid for only 24 hours.',
        'Never implement your own cryptography. Use the vetted crypto wrapper in the platform kit, which selects safe defaults for ciphers, nonces and key derivation. Passwords are never encrypted; they are hashed with Argon2id. Questions about encryption choices go to the security architecture channel before implementation, not after.',
      ],
    },
    {
      title: 'How to rotate database credentials',
      tags: ['secrets-management', 'credentials'],
      body: [
        'Database credentials are stored in the secrets vault and never in source code, configuration files or environment files committed to a repository. Each service has its own database user with only the privileges it needs, so rotating one credential never affects another service.',
        'Credentials are rotated automatically every 90 days. You must also rotate immediately if a secret may have leaked, for example if it appeared in a log, a screenshot or a chat message.',
        '## Manual rotation',
        '1. In the secrets vault, open the service path and choose Rotate; the vault creates a new password and keeps the old one valid for now.\n2. Restart or redeploy the service so it picks up the new secret.\n3. Confirm in the service logs that new connections authenticate with the new credential.\n4. Revoke the old credential in the vault. If you skip this step, the old password stays valid for at most 1 hour.',
        'Every rotation event is written to the security audit log. If rotation fails or a service cannot reconnect, page the security on-call engineer rather than restoring the old secret by hand.',
      ],
    },
    {
      title: 'Vulnerability patching timelines',
      tags: ['vulnerabilities', 'patching'],
      author: 'admin',
      body: [
        'The security team scans container images, dependencies and hosts for known vulnerabilities every day. Findings are rated by severity using the CVSS score adjusted for exposure, and each finding becomes a remediation ticket assigned to the owning team.',
        '## Remediation deadlines',
        '- Critical: patched within 72 hours.\n- High: patched within 14 days.\n- Medium: patched within 60 days.\n- Low: patched within 180 days or formally accepted as a risk.',
        'If a deadline cannot be met, the team requests a risk exception in the security portal. Exceptions need approval from the security lead, must name a compensating control such as a firewall rule or a disabled feature, and expire after at most 90 days.',
        'Vulnerabilities that are actively exploited in the wild are treated as critical regardless of their score. The security team announces them in the security advisories channel and tracks the patch status of every affected service on the vulnerability dashboard.',
        'Patching compliance is reported monthly to engineering leadership, showing the number of open findings per team and how many are past their deadline. Teams with more than five overdue high or critical findings present a remediation plan at the next security review.',
      ],
    },
    {
      title: 'Laptop security baseline',
      tags: ['devices', 'endpoint-security'],
      body: [
        'Every company laptop is enrolled in device management before it is handed to an employee. Device management enforces full-disk encryption, a screen lock after 5 minutes of inactivity, automatic operating system updates and the endpoint protection agent.',
        'Operating system security updates must be installed within 7 days of release. After 7 days the laptop shows a countdown, and after 14 days it loses access to company applications until it is patched. Restart your laptop at least once a week so updates can finish installing.',
        'Do not disable the firewall or the endpoint agent, and do not install software from unknown sources. Browser extensions need approval from the security team unless they appear on the allowed list. Personal devices may access email and chat through the mobile app, but never the source code host or production consoles.',
        'Lock your screen whenever you step away, even at home. When travelling, keep your laptop with you rather than in checked luggage, and use a privacy screen in public places such as trains and airport lounges.',
      ],
    },
    {
      title: 'Reporting a lost or stolen device',
      tags: ['devices', 'security-incidents'],
      body: [
        'If a laptop, phone or security key with access to company systems is lost or stolen, report it to the security team within one hour of noticing. Use the lost device form in the service desk portal, or call the security hotline if you cannot sign in.',
        'Once a report is made, the security team remotely locks the device, signs it out of all sessions and revokes its device certificate. For laptops, a remote wipe is triggered as soon as the device next connects to the internet. Full-disk encryption protects the data on the disk in the meantime.',
        'For a stolen device, also file a police report and send the reference number to the service desk. You will receive a replacement laptop within three business days and can work from a loaner device until then.',
        'Losing a device is not a disciplinary matter, but delaying the report is. The faster we revoke sessions and certificates, the smaller the window in which an attacker can use them to reach company systems.',
      ],
    },
    {
      title: 'Security awareness training',
      tags: ['security-training'],
      body: [
        'Every employee completes security awareness training within 14 days of their start date and again every year. The course takes about 45 minutes and covers phishing, password hygiene, handling customer data, social engineering and how to report a security incident.',
        'Engineers complete an additional secure coding module each year. It covers injection attacks, cross-site scripting, insecure deserialization, missing authorization checks and safe handling of secrets, with examples taken from our own codebase and past vulnerability reports.',
        'Completion is tracked by the learning platform. Reminders are sent 7 days and 3 days before the deadline; if training is still incomplete after the deadline, access to production systems is suspended until the course is finished.',
        'People who click a link in one of the quarterly simulated phishing exercises get a two-minute refresher on the spot rather than a penalty. Team-level click rates are shared with managers to show where extra coaching helps.',
        "New training content is published every February, and the course is updated sooner if a new attack pattern targets our staff. Managers can see their team's completion status on the security training dashboard.",
      ],
    },
    {
      title: 'Managing API keys and access tokens',
      tags: ['secrets-management', 'tokens'],
      body: [
        'Our public API uses short-lived access tokens and long-lived refresh tokens. Access tokens expire after 15 minutes, and refresh tokens expire after 30 days of inactivity. A refresh token can be used only once; each refresh returns a new refresh token and invalidates the old one.',
        'Personal API keys for internal tools must have an expiry date no later than 90 days after creation. Service accounts use keys issued by the secrets vault, which rotates them automatically. Never share API keys between services or between people.',
        'Secret scanning runs on every push to the source code host. If a commit contains something that looks like a key or a token, the push is blocked; if a secret reaches a repository anyway, treat it as compromised, revoke it immediately and only then remove it from the history.',
        'Scope every key to the minimum permissions it needs, and prefer read-only keys for dashboards and reporting. Key creation and revocation events are logged in the security audit log and retained for one year.',
      ],
    },
    {
      title: 'Single sign-on and session timeouts',
      tags: ['single-sign-on', 'sessions'],
      body: [
        'All internal applications must use single sign-on through the company identity provider. Local usernames and passwords in third-party tools are disabled wherever the tool supports SSO, and new tools without SSO support need a security exception before purchase.',
        'SSO sessions last 12 hours. After that, you sign in again with your password and second factor. Administrative consoles, such as the production cloud console and the identity admin panel, require re-authentication with a hardware security key every hour.',
        'When someone leaves the company, disabling their identity provider account ends every SSO session within 10 minutes. This is why applications outside SSO are a risk: their accounts have to be removed by hand and are easy to forget during offboarding.',
        'If an application asks for a separate password even though it appears in the SSO catalog, report it to the security team. It may be a misconfiguration, or a phishing page imitating the real sign-in screen.',
        'Service accounts and integrations that cannot use SSO authenticate with vault-issued credentials instead of shared user passwords. The identity team reviews the SSO catalog every quarter and removes applications nobody has signed in to for 90 days.',
      ],
    },
    {
      title: 'Responsible disclosure program for security researchers',
      tags: ['vulnerabilities', 'bug-bounty'],
      status: 'DRAFT',
      body: [
        'External security researchers can report vulnerabilities to security@example.com. This draft describes how we will triage their reports once the public disclosure policy is published.',
        'Reports are acknowledged within 2 business days, and researchers receive an initial severity assessment within 10 business days. We ask researchers to give us 90 days to fix an issue before publishing details, and we commit to sharing progress updates at least every 30 days.',
        'Good-faith research is welcome as long as it avoids privacy violations, data destruction and service disruption. Researchers must not access more customer data than needed to demonstrate a vulnerability, and must not run denial-of-service attacks or social engineering against employees.',
        'The security team is still deciding on reward amounts. The current proposal pays a bounty based on severity, with critical findings eligible for the highest tier, and credits researchers on the security acknowledgements page unless they prefer to stay anonymous.',
        'Until the policy is published, vulnerability reports that reach other teams, such as support tickets describing an exploit, should be forwarded to the security team the same day. Do not discuss unpatched vulnerabilities in public channels or with the reporter beyond acknowledging receipt.',
      ],
    },
    {
      title: 'Handling a suspected account compromise',
      tags: ['account-compromise', 'security-incidents'],
      visibility: 'PRIVATE',
      author: 'admin',
      body: [
        'This runbook is for the security on-call engineer. Follow it when there are signs that an employee account has been taken over, for example sign-ins from an unusual country, impossible travel between two locations, new mailbox forwarding rules or a flood of multi-factor prompts the user did not request.',
        '## Containment',
        "1. Suspend the account in the identity provider and revoke all active sessions and refresh tokens.\n2. Reset the password and remove any second factors registered in the last 7 days.\n3. Delete mailbox forwarding rules and review OAuth grants to third-party apps.\n4. Block the attacker's source IP addresses at the identity provider.",
        'Contact the employee through a verified channel, such as a video call with their manager present, before restoring access. Collect the sign-in logs, audit log entries and mailbox rules for the last 30 days and attach them to the security incident ticket.',
        'If the compromised account had access to customer data, notify the privacy team within 4 hours so they can assess whether a personal data breach occurred. Restore access only after a new hardware security key has been enrolled.',
      ],
    },
  ],
};
