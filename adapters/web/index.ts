/** The website channel: widget traffic, the widget bundle and the demo site. */
export { mountWebChannel, WEB_ROUTES, type WebChannelDeps } from './web-channel.js';
export { mountDemoSite, DEMO_PAGES } from './demo-site.js';
export { loadWebChannelConfig, parseWebChannelConfig, WidgetConfigError, publicWidgetConfig, type WebChannelConfig, type TriggerConfig } from './config.js';
export type { MongoTarget } from './rate-limits.js';
export { buildWidgetBundle, type WidgetBundle } from './widget-bundle.js';
export type { WidgetMessage, Prompt, PromptKind, QuickReply, PublicWidgetConfig } from './protocol.js';
