// Benchmark probe, inlined first thing in <head> of every timing page.
// benchMark(name) records performance.now() — milliseconds since this navigation
// started — the first time it is called with that name; benchFinish(extra)
// resolves window.benchDone, which the benchmark awaits through WebDriver, with
// the marks, the page's Resource Timing entries and `extra`. A page that never
// finishes resolves with an error after 20 s instead of hanging the benchmark.
(function () {
  'use strict';
  var marks = {};
  var resolve;
  window.benchDone = new Promise(function (r) {
    resolve = r;
  });
  window.benchMark = function (name) {
    if (!(name in marks)) marks[name] = performance.now();
  };
  // The same, at a given time (e.g. a Resource Timing entry's startTime).
  window.benchMarkAt = function (name, time) {
    if (!(name in marks)) marks[name] = time;
  };
  window.benchMarked = function (name) {
    return name in marks;
  };
  window.benchFinish = function (extra) {
    var resources = performance.getEntriesByType('resource').map(function (entry) {
      return { url: entry.name, transferSize: entry.transferSize };
    });
    resolve(Object.assign({ marks: marks, resources: resources }, extra));
  };
  setTimeout(function () {
    window.benchFinish({ error: 'the page did not finish within 20 s' });
  }, 20000);
})();
