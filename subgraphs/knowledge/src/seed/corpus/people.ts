import type { TopicSpec } from './types.js';

export const PEOPLE: TopicSpec = {
  topic: 'people',
  docs: [
    {
      title: 'Your first week: new hire onboarding',
      tags: ['onboarding', 'new-hires'],
      body: [
        'Welcome to the company! Your first week is designed to get you set up, introduce you to your team and explain how we work. Your manager and an onboarding buddy from your team will guide you through it.',
        '## Day one',
        '- Your laptop arrives at your home address at least two business days before your start date.\n- At 09:30 on your first day, join the welcome session run by the people team.\n- Sign the remaining employment documents in the HR portal and add your emergency contact and bank details for payroll.\n- Meet your manager for a first one-on-one and review your 30-60-90 day plan.',
        'During the rest of the week you will complete the required compliance and security training, meet each member of your team in short introductions and attend the company overview session held every Thursday for new hires. Your buddy is your go-to person for questions you might not want to ask your manager.',
        'New employees have a check-in with their people partner at the end of the first month and again at the end of the third month, when the probation period ends. Please give honest feedback in the onboarding survey sent after 30 days; we use it to improve the program.',
      ],
    },
    {
      title: 'Paid time off policy',
      tags: ['leave', 'paid-time-off'],
      author: 'admin',
      body: [
        'Full-time employees receive 25 days of paid time off per calendar year, in addition to public holidays. Part-time employees receive a prorated amount based on their contracted hours. Time off accrues monthly, and new hires accrue from their start date.',
        'Request time off in the HR portal at least two weeks in advance for absences of three days or more, and at least two business days in advance for shorter absences. Your manager approves requests in the portal; please also add the absence to your calendar and set an out-of-office message.',
        'Up to 5 unused days can be carried over into the next year and must be used by March 31, after which they expire. Unused days beyond the carry-over limit are not paid out, except where local law requires a payout when employment ends.',
        "We want everyone to take real breaks. Managers review their team's time-off balances each quarter and encourage anyone who has taken fewer than 10 days by September to plan some time away.",
      ],
    },
    {
      title: 'Parental leave policy',
      tags: ['parental-leave', 'leave'],
      body: [
        'All employees who become parents through birth, adoption or surrogacy are eligible for parental leave after three months of employment. Primary caregivers receive 20 weeks of fully paid leave, and secondary caregivers receive 8 weeks of fully paid leave.',
        "Leave can be taken at any time within the first 12 months after the child's arrival. Secondary caregivers may split their leave into up to two blocks of at least two weeks each. Where the statutory leave in your country is more generous, the statutory entitlement applies.",
        'Tell your manager and your people partner at least eight weeks before you plan to start leave, or as soon as possible for adoptions. Your people partner will help you plan the leave dates, explain how pay and benefits work during leave and set up a handover plan with your manager.',
        'Returning parents can work a reduced schedule of four days a week at full pay during their first four weeks back. Every office has a lactation room, which you can book in the room booking system.',
      ],
    },
    {
      title: 'Sick leave and medical appointments',
      tags: ['sick-leave', 'leave'],
      body: [
        'If you are ill, rest and focus on recovering. Tell your manager before your usual start time on the first day of absence, and record the sick day in the HR portal when you are able to. You do not need to share details of your illness.',
        "Employees receive up to 10 days of paid sick leave per year without a doctor's note. For an absence longer than 5 consecutive working days, a medical certificate is required, and the people team will contact you to discuss support and any longer-term leave arrangements.",
        'Medical, dental and therapy appointments during working hours do not need to be recorded as sick leave. Agree the time with your manager and block it in your calendar. Sick leave can also be used to care for a sick child or a dependent family member.',
        'If you fall ill during paid time off, report it in the HR portal within three days and the affected vacation days will be returned to your balance. Employees returning from a long illness can agree a phased return with their people partner.',
      ],
    },
    {
      title: 'Performance review cycle',
      tags: ['performance-reviews'],
      body: [
        "Performance reviews happen twice a year, in April and October. Each cycle looks back over the previous six months and combines a self-review, feedback from peers and the manager's assessment.",
        '## Timeline',
        '- Week 1: employees write a self-review and nominate three to five peer reviewers.\n- Weeks 2 and 3: peer reviewers submit feedback in the performance tool.\n- Week 4: managers write their assessment and propose a rating.\n- Week 5: calibration sessions align ratings across teams.\n- Week 6: managers share the written review in a one-on-one.',
        'Ratings use a five-point scale from does not meet expectations to far exceeds expectations. Calibration makes sure the same level of performance gets the same rating in every team, and it is facilitated by the people partner for each department.',
        'The October review also determines annual salary adjustments, which take effect on January 1. Employees who joined less than three months before a cycle starts receive a check-in conversation instead of a formal rating.',
      ],
    },
    {
      title: 'Promotion process',
      tags: ['promotions', 'career-development'],
      body: [
        'Promotions recognize that someone is already working consistently at the next level of the career framework. They are decided twice a year, alongside the performance review cycle, and take effect on the first day of the following month.',
        "The manager writes a promotion case that maps the employee's work over the last six to twelve months to the expectations of the next level, with concrete examples and peer feedback. The employee reads the case before it is submitted and can add context.",
        'Promotion cases are reviewed by a promotion committee in each department, made up of senior managers and at least one person from another department. The committee checks consistency across teams and may approve the case, defer it or ask for more evidence.',
        "A promotion comes with a salary increase of at least 8 percent, or the minimum of the new level's salary band, whichever is higher. If a case is deferred, the manager shares the committee's feedback and agrees a development plan with the employee within two weeks.",
      ],
    },
    {
      title: 'Health, dental and vision benefits',
      tags: ['benefits', 'health-insurance'],
      body: [
        'The company pays 100 percent of the premium for employee health insurance and 75 percent of the premium for dependents. Dental and vision coverage are included in every plan, and coverage begins on your first day of employment.',
        'Choose a plan in the benefits portal within 30 days of your start date. If you do not choose, you are enrolled in the standard plan with employee-only coverage. After that, you can change plans only during open enrollment in November or within 30 days of a qualifying life event such as marriage or the birth of a child.',
        'All plans include an employee assistance program that offers six free counselling sessions per issue per year, plus advice lines for legal and money questions. The program is confidential; the company only receives anonymized usage statistics.',
        "Questions about claims go to the insurance provider's member services. Questions about eligibility, enrollment and payroll deductions go to the benefits team through the HR portal.",
        'A health savings account is available with the high-deductible plan, and the company contributes 500 US dollars a year to each account. Benefit summaries for every plan, including deductibles and out-of-pocket maximums, are in the benefits portal.',
      ],
    },
    {
      title: 'Retirement plan and company matching',
      tags: ['benefits', 'retirement'],
      body: [
        'Employees can save for retirement through the company retirement plan. Contributions are deducted from each paycheck before tax, and you can change your contribution rate in the benefits portal at any time.',
        'The company matches 100 percent of your contributions up to 4 percent of your base salary, and 50 percent of the next 2 percent. To receive the full match, contribute at least 6 percent of your salary. The match is paid with every paycheck rather than once a year.',
        'Company matching contributions vest over three years: one third after each full year of employment. Your own contributions are always fully vested. If you leave before three years, unvested matching contributions are forfeited.',
        'New employees are automatically enrolled at a 3 percent contribution rate after 30 days unless they choose a different rate or opt out. A retirement planning workshop is offered every spring for employees who want help choosing investments.',
        'Investment options include a default target-date fund matched to your expected retirement year and a range of index funds. Plan fees and fund performance are published in the benefits portal every quarter.',
      ],
    },
    {
      title: 'Learning and development budget',
      tags: ['learning', 'career-development'],
      body: [
        'Every employee has an annual learning budget of 1,500 US dollars to spend on courses, conferences, books and certifications related to their current role or the next step in their career. The budget resets on January 1, and unused amounts do not carry over.',
        'Agree the learning activity with your manager first, then submit the request in the HR portal. Requests under 200 dollars, such as books or short online courses, are approved automatically. For conferences, the ticket comes from your learning budget while travel is paid from the team travel budget.',
        'In addition to the budget, everyone can spend up to five working days a year on learning, for example attending a workshop or studying for a certification. Record learning days in the HR portal so they are not counted as time off.',
        'If the company pays more than 3,000 dollars for a single certification program, you agree to repay a prorated share if you resign within 12 months of completing it.',
        'Learning is more than courses. The people team runs a mentoring program twice a year that pairs employees with a mentor from another department for six months, and recorded career workshops are available in the HR portal. Discuss your learning goals with your manager in your quarterly career conversation.',
      ],
    },
    {
      title: 'Remote and hybrid work policy',
      tags: ['remote-work'],
      status: 'DRAFT',
      body: [
        'This draft updates our remote work policy. Employees can work from home, from an office or a mix of both, and each team agrees on shared working hours of at least four hours a day when everyone is available for meetings and quick questions.',
        'Teams based near an office meet in person at least one day a month. Fully remote employees are invited to an in-person team offsite twice a year, and travel costs for offsites are covered by the company.',
        'Every remote employee receives a one-time home office allowance of 800 US dollars for a desk, chair and monitor, plus a monthly internet stipend of 40 dollars paid through payroll. Equipment bought with the allowance stays with the employee.',
        'Working from another country for more than 30 days in a calendar year needs approval from the people team in advance, because it can create tax and employment obligations. This limit is still under review and may change before the policy is published.',
      ],
    },
    {
      title: 'Employee referral bonus',
      tags: ['referrals', 'hiring'],
      body: [
        'Great colleagues often know other great people. When you refer a candidate who is hired, you receive a referral bonus of 2,000 US dollars, or 3,000 dollars for roles the talent team has marked as hard to fill.',
        'Submit referrals through the referrals page in the applicant tracking system, with a short note on how you know the candidate and why they would be a good fit. A recruiter reviews every referred candidate within five business days.',
        'The bonus is paid with payroll after the new hire completes three months of employment, provided you are still employed at that time. Hiring managers cannot receive a referral bonus for hires into their own team, and members of the talent team are not eligible.',
        'Referred candidates go through the same interview process as everyone else. Please do not ask interviewers about the status of a referral; the recruiter will keep you updated.',
        'Referral bonuses are taxable income and appear as a separate line on your payslip. If two employees refer the same candidate, the bonus goes to the person whose referral was submitted first in the applicant tracking system.',
      ],
    },
    {
      title: 'Offboarding checklist for managers',
      tags: ['offboarding'],
      visibility: 'PRIVATE',
      author: 'admin',
      body: [
        "When someone on your team is leaving, the people team opens an offboarding case as soon as the resignation or termination is confirmed. This checklist explains the manager's responsibilities and is visible to managers only.",
        '## Before the last day',
        '- Agree on a handover plan and reassign ongoing work, recurring meetings and owned documents.\n- Make sure remaining paid time off is either taken or recorded for payout where local law requires it.\n- Schedule the exit interview with the people partner during the final week.\n- Arrange the return of the laptop and security keys; a prepaid shipping box is sent automatically.',
        'Access to company systems ends at 18:00 local time on the last working day. For involuntary terminations, access is removed at the time of the conversation, so coordinate the timing with your people partner and the IT service desk.',
        'Do not announce a departure to the wider company before the employee has told their closest colleagues, and never share the reason for leaving. The final paycheck, including any prorated bonus, is processed in the next regular payroll run.',
      ],
    },
    {
      title: 'Public holidays and company closure days',
      tags: ['holidays', 'leave'],
      body: [
        'Each country office follows its local calendar of public holidays, which the people team publishes in the HR portal every December for the following year. Employees working remotely follow the public holidays of the country in which they are employed.',
        'In addition to public holidays, the company closes for two wellbeing days each year, one in spring and one in autumn, and between December 24 and January 1. Closure days do not count against your paid time off balance.',
        'If you have to work on a public holiday, for example to staff a customer event, you receive a replacement day off to take within the following two months. Record the replacement day in the HR portal with the holiday type.',
        'Employees may swap up to two public holidays per year for other days of cultural or religious significance to them. Agree the swap with your manager and record it in the HR portal at least one month in advance.',
        'The holiday calendar for each country is also available as a shared calendar you can subscribe to, so colleagues in other countries can see when your office is closed.',
      ],
    },
    {
      title: 'One-on-one meetings with your manager',
      tags: ['one-on-ones', 'management'],
      body: [
        'Every employee has a one-on-one with their manager at least every two weeks for 30 minutes. One-on-ones belong to the employee: they are a space for career growth, feedback, wellbeing and anything that is getting in the way, not only a status update.',
        'Keep a shared one-on-one document with a running agenda. Both people add topics before the meeting, and action items are recorded at the end. Managers should not cancel one-on-ones; if a conflict arises, reschedule within the same week.',
        'At least once a quarter, use a one-on-one for a career conversation about strengths, interests and goals for the next year. Managers can use the career framework and the learning budget to build a development plan together with the employee.',
        'Feedback should flow both ways. Managers ask regularly what they could do differently, and the people team runs an anonymous manager feedback survey twice a year, whose results are shared with each manager and with their own manager.',
        'New managers attend the management fundamentals course in their first three months, which includes a session on running effective one-on-ones and giving constructive feedback.',
      ],
    },
  ],
};
