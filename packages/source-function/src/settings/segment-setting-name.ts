/**
 * The Name Segment's Settings tab generates from the Label a user types: the Label's words in
 * camelCase, as lodash's `camelCase` (the runtime's `_`) makes it. Words are runs of letters and
 * digits, split at spaces, punctuation and lower-to-upper case changes; an all-capitals run is one
 * word (`API Key` -> `apiKey`).
 *
 * @example segmentSettingName('Fingerprint Server Api Key') // 'fingerprintServerApiKey'
 */
export function segmentSettingName(label: string): string {
  const words = label.match(/[A-Z]{2,}(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+/g) ?? []
  return words
    .map((word, index) => {
      const lower = word.toLowerCase()
      return index === 0 ? lower : lower.charAt(0).toUpperCase() + lower.slice(1)
    })
    .join('')
}
