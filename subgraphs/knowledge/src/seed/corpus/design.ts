import type { TopicSpec } from './types.js';

export const DESIGN: TopicSpec = {
  topic: 'design',
  docs: [
    {
      title: 'Accessibility standards for product interfaces',
      tags: ['accessibility', 'wcag'],
      author: 'admin',
      body: [
        'Every interface we ship must meet WCAG 2.2 level AA. Accessibility is part of the definition of done for design work, not a separate project, and designers annotate accessibility requirements in their design files before handoff.',
        '## Core requirements',
        '- Text contrast of at least 4.5:1, and 3:1 for large text and interface components.\n- Every interactive element is reachable and usable with a keyboard alone.\n- Images that convey meaning have alternative text; decorative images are marked as decorative.\n- Form fields have visible labels, not just placeholder text.\n- Content reflows without horizontal scrolling at a width of 320 pixels.',
        'Designers check color contrast with the contrast plugin in the design tool and test layouts at 200 percent zoom. Before a major release, the accessibility champion in each design pod runs a screen reader walkthrough of the key flows.',
        'Accessibility issues found after release are tracked with the a11y label. Blocking issues, such as a flow that cannot be completed with a keyboard, must be fixed within two sprints.',
      ],
    },
    {
      title: 'Using the design system component library',
      tags: ['design-system', 'components'],
      body: [
        'The design system is the shared library of components, patterns and guidelines for every product surface. Using it keeps interfaces consistent, accessible and quick to build. Before designing a new component, check the component library and the pattern gallery.',
        'Components in the library have variants for size, state and emphasis. Use library instances in your design files rather than detaching them; detached components do not receive updates and drift from the coded version. The design tool highlights detached instances in every file.',
        'If no existing component fits, start a component proposal in the design system channel. Proposals describe the use case, show at least two product surfaces that need the component and include states for hover, focus, disabled, loading and error. The design system team reviews proposals every other Thursday.',
        'The design system is versioned. Minor releases add components or variants, and major releases change existing components in ways that require updates in product files. Major releases happen at most twice a year and come with a migration guide for designers.',
      ],
    },
    {
      title: 'Planning a user research study',
      tags: ['user-research'],
      body: [
        "User research helps us understand people's needs, behaviours and motivations. Before planning a study, check the research repository, where past studies are tagged by product area, method and participant segment.",
        'Write a research plan with the research questions, the method, the participant criteria, the number of participants and the timeline. Research questions describe what you want to learn, such as how do team administrators decide who gets access, not what you want to build.',
        'Choose the method to match the question. Interviews and contextual inquiry explore needs and workflows; usability tests evaluate a specific design; surveys measure how common an attitude or behaviour is across many people. For qualitative studies, five to eight participants per segment is usually enough to see patterns.',
        'Participants are recruited through the research operations team, which manages consent forms and incentives. External participants receive a gift card worth 75 US dollars for a 60-minute session. Session recordings are stored in the research repository and deleted after 12 months.',
      ],
    },
    {
      title: 'Running moderated usability tests',
      tags: ['usability-testing', 'user-research'],
      body: [
        'A moderated usability test asks a participant to complete realistic tasks with a prototype or the live product while a researcher observes. It shows where people get confused, and it is one of the fastest ways to improve a design before engineering builds it.',
        '## Session structure',
        "- Introduction and consent, about 5 minutes.\n- Warm-up questions about the participant's current workflow.\n- Four to six tasks written as scenarios, for example you need to share this report with a colleague.\n- Debrief questions and a short ease-of-use rating.",
        'Ask participants to think aloud. Do not help them or explain the interface; if someone is stuck for more than two minutes, move on to the next task and note the task as failed. Colleagues can watch through the observation room link but stay muted.',
        'After the sessions, the researcher and the designer hold a synthesis workshop within three days. Each usability issue is rated by severity and frequency, and the top issues are added to the design backlog together with clips from the recordings.',
      ],
    },
    {
      title: 'Color and contrast guidelines',
      tags: ['color', 'accessibility'],
      body: [
        'Our color palette has a neutral scale, a primary brand blue and semantic colors for success, warning, danger and information. Each color comes in ten shades numbered from 50 to 900, and designers should only apply palette colors through design tokens.',
        'Use color to support meaning, never as the only signal. An error state combines the danger color with an icon and a message, and charts use patterns or direct labels in addition to hue so people with color vision deficiencies can tell series apart.',
        'Body text uses neutral 900 on white backgrounds, which gives a contrast ratio of about 15:1. Secondary text uses neutral 600, the lightest gray that still passes the 4.5:1 contrast requirement. Never place body text on primary 400 or any lighter shade.',
        'Dark mode uses a separate set of color tokens rather than inverted colors. Surfaces get lighter as they rise in elevation, and saturated hues are toned down so they do not vibrate against dark backgrounds.',
      ],
    },
    {
      title: 'Typography scale and text styles',
      tags: ['typography'],
      body: [
        'The product uses a single sans-serif typeface for interface text and a monospace typeface for code and numeric tables. Both typefaces are self-hosted, so no font request goes to a third party.',
        'The type scale has eight steps, from caption at 12 pixels to display at 40 pixels. Body text is 16 pixels with a line height of 24 pixels. Use the text style tokens instead of setting font sizes manually, so changes to the scale flow through every screen.',
        'Headings use semibold weight, and body text uses regular weight. Avoid light weights below 16 pixels, because thin strokes become hard to read on low-resolution screens. Limit line length to about 75 characters for long-form reading.',
        'Use sentence case for headings, buttons and menu items. Title case and all capitals are reserved for the product logo and for table column headers in the admin console, where capitals help separate headers from data.',
        'Numbers in tables and dashboards use tabular figures so digits line up in columns. Never put text inside images: screen readers cannot read it, and it does not scale with the font size settings people choose.',
      ],
    },
    {
      title: 'Design critique format',
      tags: ['critique'],
      body: [
        'Design critique is a weekly session where designers share work in progress and get feedback from peers. Critique happens every Wednesday for 60 minutes, and each presenter gets a 20-minute slot.',
        'The presenter starts by stating the problem, the stage of the work and the kind of feedback they want, such as feedback on the visual hierarchy but not on polish yet. Presenting early sketches and wireframes is encouraged; critique is most useful before details are settled.',
        "Feedback is about the work and its goals, not personal taste. Phrase comments as observations and questions, for example I expected the save action at the bottom of the panel, rather than I don't like this. The facilitator keeps time and makes sure every attendee has spoken.",
        'The presenter writes down the feedback and decides what to act on; critique is not an approval gate. Sign-off on a design happens in the separate design review with the product manager and the tech lead.',
      ],
    },
    {
      title: 'Preparing design files for handoff',
      tags: ['handoff', 'design-files'],
      body: [
        "A design is ready for handoff when an engineer can build it without guessing. Files shared for handoff live on the project's handoff page in the design tool and contain only final frames, clearly separated from explorations.",
        '## Handoff checklist',
        '- Every frame uses design system components and tokens; custom values are called out.\n- All states are shown: empty, loading, error, success, hover, focus and disabled.\n- Responsive layouts are specified for small, medium and large breakpoints.\n- Copy is final and reviewed by content design.\n- Accessibility annotations include focus order, headings and labels.',
        'Designers walk engineers through the file in a 30-minute handoff meeting and stay available for questions during the build. Annotations in the file are the source of truth; decisions made in chat should be written back into the file.',
        'Before release, the designer reviews the implementation in the staging environment and files visual bugs with screenshots. Spacing differences larger than 4 pixels and any off-palette color are treated as visual bugs.',
      ],
    },
    {
      title: 'Design tokens explained',
      tags: ['design-tokens', 'design-system'],
      body: [
        'Design tokens are the named values behind our visual language: colors, spacing, typography, corner radii, shadows and motion durations. Tokens let designers and developers share the same decisions, so changing a token updates both the design library and the coded components.',
        'Tokens have three tiers. Base tokens hold raw values, such as blue 500. Semantic tokens describe purpose, such as color background danger or space inset medium. Component tokens apply to a single component, such as button padding horizontal. Product designs should use semantic tokens and never base tokens.',
        'Spacing follows a 4-pixel grid. The spacing tokens go from space 1 at 4 pixels to space 12 at 64 pixels. Corner radius tokens are small at 4 pixels, medium at 8 pixels and large at 16 pixels.',
        'Token changes are proposed in the design system channel and released together with the component library. A token is never renamed without keeping an alias for at least one major version of the design system.',
      ],
    },
    {
      title: 'Iconography guidelines',
      tags: ['icons', 'visual-design'],
      body: [
        'Icons help people scan an interface, but only when they are familiar and consistent. All product icons come from the shared icon set in the design system library, which contains about 400 outlined icons drawn on a 24-pixel grid with a 1.5-pixel stroke.',
        'Pair icons with text labels for navigation and primary actions. An icon-only button is allowed for widely recognized actions, such as close, search and more options, and it must have an accessible name and a tooltip.',
        'Use filled icon variants only to show a selected state, for example a filled star for a favorite item. Do not mix outlined and filled icons in the same toolbar, and do not recolor icons with hues outside the semantic palette.',
        'To request a new icon, submit the concept, its meaning and where it will appear on the icon request board. The brand illustrator draws requested icons in batches every two weeks, so plan at least two weeks ahead of handoff.',
      ],
    },
    {
      title: 'Writing interface copy and microcopy',
      tags: ['content-design', 'ux-writing'],
      body: [
        'Content design makes interfaces easy to understand. Our voice is clear, friendly and direct: we use plain words, short sentences and the second person, and we avoid jargon, exclamation marks and jokes in error messages.',
        'Buttons start with a verb that describes the outcome, such as Save changes or Invite teammates, instead of generic labels like OK or Submit. Error messages say what happened and what the person can do next, for example Your file is larger than 25 MB. Try compressing it or choose a smaller file.',
        'Empty states explain what will appear on the screen and offer one clear next action. Confirmation dialogs for destructive actions name the thing being deleted and repeat the verb on the button, as in Delete project rather than Yes.',
        'Content designers review copy in design files before handoff. Terms used in the interface must match the product glossary, which the content design team maintains with preferred and banned terms.',
        'Avoid directional language such as click the button on the right, because layouts change across screen sizes and assistive technologies do not convey position. In running text, write dates with the month spelled out, and follow the locale settings in tables.',
      ],
    },
    {
      title: 'Personas and jobs to be done',
      tags: ['personas', 'user-research'],
      body: [
        'Our personas summarize what research has taught us about the main groups of people who use the product. There are four primary personas: the team administrator, the everyday contributor, the occasional viewer and the executive sponsor.',
        'Each persona card lists goals, frustrations, typical tasks, tools used alongside ours and quotes from interviews. Personas are based on evidence from at least 20 interviews and are refreshed every year by the research team, so treat any persona card older than that with caution.',
        'Jobs to be done complement personas by focusing on the progress a person is trying to make in a specific situation. A job statement follows the form when I am in a situation, I want to do something, so I can achieve an outcome. Designers use job statements to frame the design challenge at the start of a project.',
        'Do not invent personas for a single project. If your research suggests a new user group, share the findings with the research team so they can validate it across several studies.',
      ],
    },
    {
      title: 'Motion and animation principles',
      tags: ['motion', 'animation'],
      status: 'DRAFT',
      body: [
        'This draft collects our principles for motion in the interface. Motion should explain change, such as where a panel came from or what happened after an action, and never be decoration for its own sake.',
        'Durations come from motion tokens: 100 milliseconds for small feedback like a button press, 200 milliseconds for elements entering or leaving, and 300 milliseconds for large layout changes such as opening a side panel. Nothing in the product animates for longer than 500 milliseconds.',
        'Use the standard easing curve for most transitions, decelerate easing for elements entering the screen and accelerate easing for elements leaving it. Avoid bouncing and elastic effects, which feel playful but slow people down in a work tool.',
        'Respect the reduced motion setting of the operating system. When reduced motion is on, replace slides and zooms with simple fades and stop any looping animation. The design system team will finalize these rules after the next round of prototypes.',
        'Loading indicators appear only after 300 milliseconds, so fast responses do not flash a spinner. Skeleton screens are preferred over spinners for content that takes longer than one second to load.',
      ],
    },
    {
      title: 'Keyboard navigation and focus states',
      tags: ['accessibility', 'keyboard-navigation'],
      body: [
        'Many people navigate with a keyboard, a switch device or a screen reader instead of a mouse. Every design must define how a keyboard user moves through the interface, which is why handoff files include an annotated focus order.',
        'Focus order follows the visual reading order, from top to bottom and left to right. Tab moves between interactive elements, arrow keys move within composite widgets such as menus, tabs and grids, and Escape closes dialogs and popovers and returns focus to the element that opened them.',
        'The focus indicator is a 2-pixel outline in the focus color with a 2-pixel offset, so it is visible on every background in the palette. Never remove the focus outline without providing an equally visible replacement.',
        'Modal dialogs trap focus while they are open, and the first focusable element receives focus when the dialog appears. Provide a skip link as the first focusable element on each page so keyboard users can jump straight to the main content.',
      ],
    },
  ],
};
