// designpress drives the system's Chromium with puppeteer-core, which downloads
// nothing. This file is for the devDependency `puppeteer` (mermaid-cli's peer,
// for `mmdc`, the reference renderer of the tests and the benchmark): installing
// this repository must not download a browser either. Consumers never see it.
/** @type {import("puppeteer").Configuration} */
module.exports = {
  skipDownload: true,
  chrome: { skipDownload: true },
  "chrome-headless-shell": { skipDownload: true },
  firefox: { skipDownload: true },
};
