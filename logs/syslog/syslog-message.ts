/** One syslog message, parsed (RFC 5424 or RFC 3164). */
export interface SyslogMessage {
  format: 'rfc5424' | 'rfc3164';
  facility: number;
  severity: number;
  /** Epoch ms from the header; undefined when the header has none (NILVALUE) or it could not be read. */
  timestamp: number | undefined;
  /** Undefined for the NILVALUE `-` or when absent. */
  hostname: string | undefined;
  /** APP-NAME (RFC 5424) or the TAG (RFC 3164). */
  appName: string | undefined;
  procId: string | undefined;
  msgId: string | undefined;
  /** The STRUCTURED-DATA text as sent (RFC 5424), undefined for `-`. */
  structuredData: string | undefined;
  /** MSG (without a leading UTF-8 BOM). */
  message: string;
}
