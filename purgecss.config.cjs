// Only the KERN CSS the portal uses (`npm run build:css`, run by `make install`): KERN's kern.min.css is
// 340 KB, of which a page uses a small part. The output goes to var/build/css/ (never committed); with
// DEBUG=False the pages link it instead of the full file (settings.KERN_CSS, portal/templatetags/portal_assets.py).
// Classes are looked for in every template, the portal's JavaScript and the Python code (forms set
// KERN classes on widgets); htmx adds its state classes at run time.
module.exports = {
  css: ["node_modules/@kern-ux/native/dist/kern.min.css"],
  content: [
    "templates/**/*.html",
    "*/templates/**/*.html",
    "*/templates/**/*.txt",
    "*/static/**/*.js",
    "*/**/*.py",
    "!**/node_modules/**",
  ],
  output: "var/build/css/",
  safelist: {
    standard: [/^htmx-/, /^kern-sr-only/],
    greedy: [/data-kern-theme/],
  },
  fontFace: false,
  keyframes: true,
  variables: false,
};
