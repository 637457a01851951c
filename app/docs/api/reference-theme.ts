/**
 * Scalar's default theme, with the greys and HTTP-method colours that fall under WCAG AA's
 * 4.5:1 on its own backgrounds (e.g. #757575 on #f6f6f6 is 4.26:1, #797979 on #0f0f0f and
 * red method badges are lower still) darkened in light mode and lightened in dark mode.
 * The doubled class outweighs the theme's own `.light-mode` / `.dark-mode` rules (display-p3
 * variants included), on <body> and on the code-sample cards Scalar always draws dark.
 *
 * The introduction's "Client Libraries" picker is hidden: its tab list holds a plain button
 * (an invalid tab list for screen readers), and every operation's code sample has its own
 * language picker.
 */
export const REFERENCE_CSS = `
.light-mode.light-mode {
  --scalar-color-2: #5e5e5e;
  --scalar-color-3: #636363;
  --scalar-color-blue: #006aa8;
  --scalar-color-green: #007a50;
  --scalar-color-red: #d00008;
  --scalar-color-orange: #b03d00;
  --scalar-color-yellow: #7d6000;
}
.dark-mode.dark-mode {
  --scalar-color-2: #b0b0b0;
  --scalar-color-3: #9a9a9a;
  --scalar-color-red: #ff5a57;
}
.scalar-reference-intro-clients { display: none; }
`;
