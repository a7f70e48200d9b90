/** The push feature's public module: what the composition root may use. */
export { AgentAssistPusher, type PushRecording } from "./AgentAssistPusher";
export type { LedgerScope, PushContext } from "./context";
export { pushFeature } from "./feature";
export { OutcomeWriter } from "./OutcomeWriter";
export { PushDeliverer } from "./PushDeliverer";
export { PushFeed } from "./PushFeed";
export { PushLedger } from "./PushLedger";
export type { DeliveryDeps } from "./pushDelivery";
export { RecordWriter } from "./RecordWriter";
export { RetentionJob } from "./RetentionJob";
export { TargetWatch } from "./TargetWatch";
export { PushShares } from "./PushShares";
