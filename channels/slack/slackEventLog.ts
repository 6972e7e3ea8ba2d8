/** Which Slack deliveries were seen, so Slack's retries and repeated events are handled once. */
export interface SlackEventLog {
  /** Marks an event as seen; false when it was seen before (by any instance). */
  firstTime(id: string, at: Date): Promise<boolean>;
  /** Forgets events older than `before` (Slack retries for minutes, not days); returns how many. */
  forgetBefore(before: Date): Promise<number>;
}
