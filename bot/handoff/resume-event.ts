/** Name of the event activity a channel sends the bot when a rep leaves: the script asks its pending question again. */
export const HANDOFF_RESUME_EVENT = 'leadq.handoff.resume';
