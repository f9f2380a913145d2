/**
 * EMULATED: the agent code Fingerprint's CDN serves to its npm loaders. The REAL, unmodified
 * loaders (`@fingerprintjs/fingerprintjs-pro` v3 and `@fingerprint/agent` v4) fetch these:
 *
 * - v3: a classic script at the loader's `scriptUrlPattern` that synchronously sets
 *   `window.__fpjs_p_l_b = { load(options) { return agent } }`;
 * - v4: an ES module at `<endpoint>/v4/<apiKey>?ci=...` exporting `start(options)` -> agent.
 *
 * The agent's `get()` POSTs the tag and linkedId to the stand-in's `/identify` and resolves to the
 * version's result shape. A device id in localStorage plays the part of Fingerprint's browser
 * fingerprint, so the visitorId is stable per browser profile.
 */

/** Where the agent posts identifications, and the key it was loaded for. */
export interface AgentScriptOptions {
  /** Absolute URL of the stand-in, e.g. `http://localhost:3000/fp`. */
  cloudUrl: string
  apiKey: string
}

/** The browser-side identify call shared by both agents (plain JavaScript, runs in the page). */
function identifyFunction({ cloudUrl, apiKey }: AgentScriptOptions, agent: 'v3' | 'v4'): string {
  return `
  var cloudUrl = ${JSON.stringify(cloudUrl)};
  var apiKey = ${JSON.stringify(apiKey)};
  function deviceId() {
    var key = 'fp-stand-in-device-id';
    try {
      var id = localStorage.getItem(key);
      if (!id) { id = crypto.randomUUID(); localStorage.setItem(key, id); }
      return id;
    } catch (error) {
      return 'no-storage';
    }
  }
  function identify(options) {
    options = options || {};
    var tag = ${agent === 'v4' ? 'options.tags !== undefined ? options.tags : options.tag' : 'options.tag'};
    var timeZone;
    try { timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (error) { timeZone = undefined; }
    return fetch(cloudUrl + '/identify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        agent: ${JSON.stringify(agent)}, apiKey: apiKey, deviceId: deviceId(), tag: tag, linkedId: options.linkedId,
        url: location.href, referrer: document.referrer, timezone: timeZone,
        webdriver: navigator.webdriver === true
      })
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          var error = new Error(body && body.error ? body.error : 'Identification failed (' + response.status + ')');
          ${agent === 'v4' ? "error.name = 'FingerprintError'; error.code = 'server_error'; error.event_id = null;" : ''}
          throw error;
        }
        return body;
      });
    });
  }`
}

/** The v3 agent script (a classic script). */
export function v3AgentScript(options: AgentScriptOptions): string {
  return `/* Fingerprint v3 agent: LOCAL STAND-IN for the demo, not Fingerprint's code. */
(function () {
  ${identifyFunction(options, 'v3')}
  var agent = {
    get: function (getOptions) { return identify(getOptions); },
    collect: function () { return Promise.resolve(''); }
  };
  window.__fpjs_p_l_b = { load: function () { return agent; } };
})();
`
}

/** The v4 agent module (an ES module). */
export function v4AgentModule(options: AgentScriptOptions): string {
  return `/* Fingerprint v4 agent: LOCAL STAND-IN for the demo, not Fingerprint's code. */
${identifyFunction(options, 'v4')}
export function start() {
  return {
    get: function (getOptions) { return identify(getOptions); },
    collect: function () { return Promise.resolve(''); }
  };
}
export default { start: start };
`
}
