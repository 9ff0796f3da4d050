import type { TopicSpec } from './types.js';

export const FINANCE: TopicSpec = {
  topic: 'finance',
  docs: [
    {
      title: 'Expense policy for client travel',
      tags: ['travel', 'expenses'],
      body: [
        'This policy covers travel to meet clients, prospects and partners. Client travel must be approved by your manager before booking, and trips that cost more than 3,000 US dollars in total also need approval from the department budget owner.',
        'Book flights, trains and hotels through the corporate travel portal so costs are charged to the right cost center and we can locate travelers in an emergency. Economy class is the standard for flights under six hours; premium economy is allowed for longer flights, and business class needs approval from the CFO.',
        'Hotel costs are reimbursed up to 250 dollars per night in major cities and 180 dollars per night elsewhere, excluding taxes. Meals with clients are reimbursed at actual cost when the client is named on the receipt and the business purpose is recorded in the expense report.',
        'Personal extensions of a business trip are allowed if they do not increase the airfare. Any additional nights, upgrades or costs for a travelling companion are paid personally and must not appear on the corporate card.',
      ],
    },
    {
      title: 'Submitting an expense report',
      tags: ['expenses', 'reimbursement'],
      author: 'admin',
      body: [
        'Out-of-pocket business expenses are reimbursed through the expense tool. Expense reports must be filed within 30 days of the purchase; reports submitted after 60 days are rejected unless the controller grants an exception.',
        '## How to submit',
        '1. Photograph the receipt with the expense mobile app or forward the emailed receipt to the expense inbox.\n2. Select the expense category and the cost center, and add the business purpose.\n3. For meals with other people, list the attendees and their companies.\n4. Submit the report; your manager receives an approval request.',
        'Receipts are required for every expense above 25 US dollars. If a receipt is lost, complete the missing receipt declaration in the expense tool; more than three missing receipt declarations in a year are reported to the finance team.',
        'Approved expenses are reimbursed in the weekly payment run on Fridays. Reimbursements are paid in your local currency, using the exchange rate on the date of the transaction.',
        'Expenses charged to a client project must carry the project code as well as the cost center, so finance can rebill them on the client invoice. The expense tool flags duplicate receipts automatically, and duplicates are rejected during the finance audit.',
      ],
    },
    {
      title: 'Corporate card rules',
      tags: ['corporate-cards', 'expenses'],
      body: [
        'Corporate cards are issued to employees who travel regularly or manage vendor subscriptions. The card is for business expenses only; personal purchases are not allowed, even if you intend to repay them.',
        'Each card has a monthly spending limit set by the budget owner, usually 5,000 US dollars. Single purchases above 1,000 dollars need a purchase order unless they are travel bookings made through the travel portal. Cash withdrawals are blocked.',
        "Every card transaction appears in the expense tool within one day. Cardholders attach a receipt and a business purpose within 10 days of the transaction. Transactions that remain unreconciled at month-end are escalated to the cardholder's manager.",
        "If your card is lost or you spot a charge you did not make, freeze the card in the expense app immediately and contact the finance team. Cards are cancelled on an employee's last working day, and any outstanding receipts must be submitted before then.",
        'Cardholders must complete the short corporate card training in the finance handbook before the card is activated. Misuse of a corporate card, including repeated personal purchases, leads to cancellation of the card and may lead to disciplinary action.',
      ],
    },
    {
      title: 'Annual budget planning',
      tags: ['budgets', 'financial-planning'],
      visibility: 'PRIVATE',
      author: 'admin',
      body: [
        'The annual budget is prepared between September and December for the following fiscal year, which runs from January 1 to December 31. Finance shares the budget template and the company-level targets for revenue, gross margin and operating expenses in the first week of September.',
        '## Budget calendar',
        '- September: department heads submit headcount plans and non-headcount spending by cost center.\n- October: finance consolidates submissions and runs scenarios against the revenue forecast.\n- November: the executive team reviews trade-offs and sets final department budgets.\n- December: the board approves the budget, and budgets are loaded into the finance system.',
        'Headcount is the largest line in every budget. Each planned hire is entered with its level, location and expected start month, and the fully loaded cost includes salary, benefits, payroll taxes and equipment, which finance estimates at 1.3 times base salary.',
        "Budgets are owned by department heads, who may delegate cost centers to managers. Moving money between cost centers within a department is allowed with the department head's approval; moving money between departments needs CFO approval.",
      ],
    },
    {
      title: 'How vendor invoices are paid',
      tags: ['invoices', 'accounts-payable'],
      body: [
        'Vendor invoices are processed by the accounts payable team. Vendors send invoices to the accounts payable mailbox, never to individual employees. If you receive an invoice directly, forward it to the mailbox and do not pay it yourself.',
        'Each invoice is matched to an approved purchase order and to a goods receipt or service confirmation before payment. This three-way match ensures that we pay only for what was ordered and delivered. Invoices without a matching purchase order are sent to the budget owner for approval.',
        'Our standard payment terms are net 45 days from the invoice date. Payment runs happen every Tuesday and Thursday, and vendors are paid by bank transfer. Early payment in exchange for a discount is possible when the discount is at least 2 percent.',
        "Changes to a vendor's bank details are a common fraud pattern. Accounts payable verifies every change by calling the vendor on a phone number already on file, never one provided in the change request.",
      ],
    },
    {
      title: 'Procurement process for new vendors',
      tags: ['procurement', 'vendors'],
      body: [
        'Any purchase from a new vendor goes through procurement before a contract is signed or money is spent. Start by submitting a purchase request in the procurement portal with the vendor name, the business need, the estimated annual spend and the budget cost center.',
        'For annual spend above 25,000 US dollars, procurement requires at least three competitive quotes or a documented reason why only one vendor can meet the need. Above 100,000 dollars, a formal request for proposal is run with evaluation criteria agreed before bids are opened.',
        'New vendors are set up in the vendor master only after they provide tax forms and bank details and pass a sanctions screening. Vendors that will process company or customer data also need a security review before approval.',
        'The typical procurement cycle takes 10 business days for purchases under 25,000 dollars and 4 to 6 weeks for larger ones. Plan ahead: procurement does not approve retroactive purchase requests for services that have already started.',
      ],
    },
    {
      title: 'Purchase order thresholds and approval limits',
      tags: ['purchase-orders', 'approvals'],
      body: [
        'A purchase order is required for any purchase of goods or services of 1,000 US dollars or more. The purchase order must be approved before the vendor starts work; invoices for work done without a purchase order are paid late and escalated to the department head.',
        '## Approval limits',
        '- Up to 10,000 dollars: the cost center owner.\n- 10,000 to 50,000 dollars: the department head.\n- 50,000 to 250,000 dollars: the CFO.\n- Above 250,000 dollars: the CEO, after CFO approval.',
        'Splitting a purchase into smaller orders to stay under an approval limit is not allowed and will be flagged by the finance system, which checks for multiple orders to the same vendor within 30 days.',
        "Purchase orders are issued in the currency of the vendor's invoice. When a purchase order is fully invoiced, it closes automatically; open purchase orders with no activity for 6 months are closed at the next quarter end, and the committed budget is released.",
      ],
    },
    {
      title: 'Meal allowances and per diem rates',
      tags: ['per-diem', 'travel', 'expenses'],
      body: [
        'When traveling for business, you can claim either actual meal costs with receipts or a daily per diem, but not both for the same day. The per diem is 75 US dollars per full travel day in major cities and 55 dollars elsewhere.',
        "On the first and last day of a trip, the per diem is 75 percent of the daily rate. If a meal is provided, for example at a conference or by a client, deduct 15 dollars for breakfast, 20 dollars for lunch and 30 dollars for dinner from that day's per diem.",
        'Alcohol is reimbursed only as part of a client meal and is limited to two drinks per person. Team meals paid by a manager are limited to 60 dollars per person including tax and tip, and the most senior person present must pay and submit the expense.',
        'Per diem claims are made in the expense tool by selecting the per diem category and entering the travel dates and destination city. No receipts are required for per diem, but the trip must have an approved travel request.',
      ],
    },
    {
      title: 'Month-end close calendar',
      tags: ['accounting', 'month-end-close'],
      body: [
        'The accounting team closes the books every month within 6 business days. A fast, accurate close gives leadership reliable financial statements and lets budget owners compare their actual spending with budget.',
        '## Key deadlines',
        '- Business day 1: corporate card transactions and expense reports for the month are locked.\n- Business day 2: budget owners submit accruals for goods and services received but not yet invoiced.\n- Business day 3: revenue is recognized and deferred revenue is reconciled.\n- Business day 5: balance sheet reconciliations are reviewed.\n- Business day 6: the management accounts are published.',
        'Budget owners receive a request for accruals on the last business day of each month. If you received a service worth more than 5,000 dollars and the invoice has not arrived, report it as an accrual so the expense lands in the correct month.',
        'Journal entries above 50,000 dollars need review by the controller before posting. After the close, the general ledger for that month is locked, and corrections are posted in the following month.',
      ],
    },
    {
      title: 'Buying software subscriptions',
      tags: ['software-purchasing', 'procurement'],
      body: [
        'Software subscriptions are one of the fastest growing costs in every budget, so they follow a central purchasing process. Before buying any software, check the software catalog; the company may already have a license you can be added to.',
        'New software requests go through the procurement portal, which routes them to the budget owner, the security team and the IT team. Tools that cost less than 500 US dollars a year and process no company data can be paid with a corporate card once approved.',
        'Subscriptions are renewed centrally by the procurement team. Sixty days before each renewal, the owner receives a usage report and must confirm the number of seats needed. Seats that were not used in the last 90 days are removed at renewal.',
        'Free trials must not be started with a corporate card, because they often convert to paid plans automatically. Use the trial request form, and procurement will arrange a trial without payment details.',
        'Procurement negotiates multi-year subscriptions when a tool is used by more than 50 people, which usually saves 10 to 20 percent on the list price. Cancel subscriptions through the procurement portal, never directly with the vendor, so the contract record and the budget forecast stay accurate.',
      ],
    },
    {
      title: 'Mileage reimbursement rates (previous policy)',
      tags: ['mileage', 'expenses'],
      status: 'ARCHIVED',
      body: [
        'This page describes the mileage reimbursement rules that applied before the current travel policy. It is archived and kept only so older expense reports can be checked; new claims follow the current expense policy.',
        'Under the previous policy, employees who used a personal car for business trips were reimbursed at 0.50 US dollars per mile. Commuting between home and the usual office was never reimbursable, and trips of less than 10 miles in total were not eligible.',
        'Claims were submitted once a month with a mileage log listing the date, start and end locations, the business purpose and the distance driven. Parking and tolls were reimbursed separately with receipts, but fuel was considered covered by the mileage rate.',
        'The policy was replaced because a single flat rate did not reflect fuel costs in every country. The current expense policy uses local government mileage rates instead, which finance updates each January.',
        'Under the old rules, mileage claims older than 90 days were rejected automatically, and the same deadline applied to corrections of mileage logs that had already been reimbursed.',
      ],
    },
    {
      title: 'Sales invoicing and payment terms',
      tags: ['billing', 'accounts-receivable'],
      body: [
        'Subscriptions on monthly plans are charged by card automatically on the first day of each billing period. Annual contracts are invoiced from the billing system, usually at the start of the contract year, and the invoice amount is booked as deferred revenue and recognized monthly.',
        'Standard payment terms for sales invoices are net 30 days. Enterprise contracts may negotiate net 45 or net 60, but any terms longer than 60 days need approval from the controller. Invoices are issued in US dollars, euros or pounds, depending on the billing country on the contract.',
        'When an invoice is overdue, the accounts receivable team sends payment reminders 7, 14 and 30 days after the due date. After 45 days, the account owner in sales is informed, and after 60 days the subscription may be suspended with approval from finance leadership.',
        'Credit notes, for example to correct an invoicing error, are raised by the account owner in the billing system and approved by the accounts receivable lead. Sales staff must never promise a credit note without that approval.',
        'Cash received is applied to open invoices daily by the accounts receivable team, and unapplied payments are investigated within five business days. Bad debt is written off only with controller approval after 120 days, and the write-off is booked in the general ledger in the month it is approved.',
      ],
    },
    {
      title: 'Monthly budget variance reviews',
      tags: ['budgets', 'forecasting'],
      status: 'DRAFT',
      body: [
        'This draft describes the proposed monthly budget variance review. After each month-end close, finance will send every budget owner a variance report comparing actual spending with budget and with the latest forecast for each cost center.',
        'Any line with a variance greater than 10 percent and more than 10,000 US dollars will need a short written explanation within five business days. Explanations should say whether the difference is a timing issue, such as an invoice arriving a month late, or a permanent change in spending.',
        'Finance business partners will meet each department head quarterly to update the rolling forecast for the rest of the fiscal year. Underspending in one quarter will not automatically roll forward to the next; it returns to the central budget unless the CFO approves a carry-forward.',
        'Feedback on the proposed thresholds is being collected from budget owners until the end of the month. The final process will be published in the finance handbook together with the variance report template.',
      ],
    },
    {
      title: 'Client gifts and entertainment spending',
      tags: ['gifts', 'expenses'],
      body: [
        'Business gifts and entertainment help build relationships with clients, but they must be modest and properly recorded. Gifts to a single client contact are limited to 100 US dollars per year, and cash or cash equivalents such as gift cards are never allowed as client gifts.',
        'Client entertainment, such as a dinner or an event ticket, is limited to 150 dollars per guest and must be attended by an employee. Entertainment costs are recorded in the expense tool under the client entertainment category, with the names and companies of all guests.',
        'Any gift or hospitality for a public official must be approved by the finance controller before it is offered, regardless of value, and is recorded in the gifts register.',
        'Employee gifts for occasions such as a wedding, a new baby or a long-service anniversary are paid from the team budget, up to 75 dollars per occasion. Expense these purchases under the employee gifts category so they are not charged to client entertainment.',
      ],
    },
  ],
};
