export { recordAudit, queuedAuditEvents, sendAuditQueue, type AuditEventInput, type DeviceAuditAction, type QueuedAuditEvent } from './queue';
export { useAuditSender } from './sender';
