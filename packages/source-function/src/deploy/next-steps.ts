/**
 * What the user does after `deploy`, with the exact names: what the Public API cannot do (connect
 * a source, fill in setting values, give the source's webhook URL) is said step by step.
 */
import { pipelineSettingsSchema } from '../pipeline/pipeline-settings'
import type { SegmentSettingDeclaration } from '../settings/setting-declaration'

/**
 * Where a deployed Source Function's webhooks go: each source's webhook URL is this host with
 * Segment's own `b` parameter (segment-docs, source functions: "find the webhook URL - either on
 * the Overview or Settings -> Endpoint page"). The Public API does not return it.
 */
export const segmentWebhookOrigin = 'https://fn.segmentapis.com'

/** The URL query parameter `webhookToken` is checked against. */
const tokenParameter = 'token'

/** `Label "Webhook Token" (Name webhookToken)`. */
function named(declaration: SegmentSettingDeclaration | undefined): string {
  return declaration === undefined ? '' : `"${declaration.label}" (${declaration.name})`
}

/** The next steps, one line each. */
export function nextSteps(displayName: string): string[] {
  const serverApiKey = named(pipelineSettingsSchema.fingerprintServerApiKey.segment)
  const region = named(pipelineSettingsSchema.fingerprintRegion.segment)
  const token = named(pipelineSettingsSchema.webhookTokens.segment)
  const tokenName = pipelineSettingsSchema.webhookTokens.segment?.name ?? ''
  const unauthenticated = named(pipelineSettingsSchema.acceptUnauthenticatedWebhooks.segment)
  const identity = named(pipelineSettingsSchema.identitySecrets.segment)
  const url = `${segmentWebhookOrigin}/?b=<the id Segment gives the source>`
  return [
    'Next steps:',
    `1. Connect a source to the function, once: in the Segment app, Connections > Catalog > Functions > "${displayName}" > Connect Source.`,
    '   (The Public API documents no way to create a source from a function.) Sources already connected run this version now.',
    "2. In the source's settings (Connections > Sources > your source > Settings), set one authentication, or the function refuses every webhook that would emit calls:",
    `   - ${serverApiKey}: a secret API key from Fingerprint's dashboard, App Settings > API Keys (recommended); outside the US also ${region}: eu or ap.`,
    `   - or ${token}: a random secret of yours (e.g. from \`openssl rand -hex 32\`), which the webhook URL must then carry.`,
    `   ${unauthenticated} turns the refusal off: anyone who learns the URL could then send calls. Add ${identity} if your backend signs identities.`,
    "3. Copy the source's webhook URL from its Overview or Settings > Endpoint page (the Public API does not return it). It looks like",
    `     ${url}`,
    `   With ${tokenName}, add the token to it:`,
    `     ${url}&${tokenParameter}=<your ${tokenName}>`,
    "4. In Fingerprint's dashboard: App Settings > Webhooks > Add Webhook, with that URL. Its Send Test Event is answered without calls (the function's log says there is no integrations.segment in the tag).",
  ]
}
