// The poller's lock (Web Locks API): the one tab holding it polls for the sign-in.
// The browser releases it when the tab closes or its page is discarded, and grants
// it at once to the next tab that asked.

/** Asks for lock `name`; `granted()` runs once it is held. Returns a function that
 *  gives it up (or stops asking), or null where the Web Locks API is missing. */
export function requestLock(name, granted) {
  const locks = globalThis.navigator && globalThis.navigator.locks;
  if (!locks || typeof locks.request !== 'function') return null;
  const stop = new AbortController();
  let release = () => {};
  const held = new Promise((resolve) => { release = resolve; });
  locks
    .request(name, { signal: stop.signal }, () => {
      granted();
      return held;
    })
    .catch(() => {}); // aborted while waiting: nothing was held
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
