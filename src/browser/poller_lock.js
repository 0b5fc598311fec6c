// The poller's lock (Web Locks API): the one tab holding it polls for the sign-in.
// The browser releases it when the tab closes or its page is discarded, and grants
// it at once to the next tab that asked.

/** Asks for lock `name`; `granted()` runs once it is held. Returns a function that
 *  gives it up (or stops asking), or null where the Web Locks API is missing.
 *  Where the browser refuses the lock (an opaque origin, a sandboxed frame: a
 *  `SecurityError`), there is no election, and `granted()` runs all the same: a
 *  tab that stood by for a lock it can never hold would never poll. */
export function requestLock(name, granted) {
  const locks = globalThis.navigator && globalThis.navigator.locks;
  if (!locks || typeof locks.request !== 'function') return null;
  const stop = new AbortController();
  let release = () => {};
  let told = false;
  const tell = () => {
    if (told || stop.signal.aborted) return;
    told = true;
    granted();
  };
  const held = new Promise((resolve) => { release = resolve; });
  let asked;
  try {
    asked = locks.request(name, { signal: stop.signal }, () => {
      tell();
      return held;
    });
  } catch (refused) {
    asked = Promise.reject(refused);
  }
  // Refused, or aborted while waiting (then nothing was held, and nothing is told).
  Promise.resolve(asked).catch(() => tell());
  return () => {
    stop.abort();
    release();
  };
}

/** Whether the Web Locks API is there. */
export function hasLocks() {
  const locks = globalThis.navigator && globalThis.navigator.locks;
  return !!locks && typeof locks.request === 'function';
}
