/**
 * The long document seeded for the text-merge demo: an on-call runbook of
 * about 200 lines, so two people editing different sections merge cleanly
 * and edits to the same paragraph make a real conflict.
 */

// Paragraphs are written as single strings and wrapped at load time, the way
// an editor with hard wrap would store them.
const sections: readonly (readonly string[])[] = [
  [
    '# Payments on-call runbook',
    'This runbook is for whoever holds the payments pager this week. It covers what the payment pipeline does, how to tell a real outage from noise, the first fifteen minutes of an incident, and the follow-up work nobody likes but everybody needs. Keep it short enough to read at three in the morning; move background material to the linked design notes.',
    'Owner: Payments Platform team. Review this document every quarter and after every incident that used it. If a step here was wrong or missing during an incident, fix it the same week, while the details are fresh.',
  ],
  [
    '## 1. What the pipeline does',
    'An order is placed by the storefront with an external order id. The order service writes the order, reserves stock, and asks the payment gateway to authorise the card. A successful authorisation moves the order to paid; the warehouse picks it up from there and moves it to fulfilling, then shipped once the carrier scans the parcel.',
    'Every step is retried by its caller. That is why every create carries an Idempotency-Key and every order carries a unique external id: a retried request must find the order it already created, never create a second one. If you ever see two orders with the same external id, stop and page the team lead; it means a guard is broken.',
    'The gateway answers most authorisations in under 400 ms. Anything above two seconds is slow; anything above ten seconds is treated as a timeout by the order service, which then asks the gateway for the outcome instead of charging again.',
  ],
  [
    '## 2. Dashboards and alerts',
    'Start from the Payments Overview dashboard. The four panels that matter are authorisation success rate, p95 gateway latency, the age of the oldest unpaid order, and the depth of the retry queue. The other panels are for capacity planning and can wait.',
    '- Success rate below 97% for five minutes pages the on-call engineer.',
    '- p95 latency above two seconds for ten minutes opens a ticket but does not page.',
    '- The oldest unpaid order older than thirty minutes pages, because customers notice.',
    '- A retry queue deeper than 5,000 messages pages, because it will not drain on its own.',
    'Alerts link straight to the panel that fired. If an alert fires and the panel looks healthy, check the time range first: the dashboard defaults to the last hour, and a short spike may already have scrolled out of the chart.',
  ],
  [
    '## 3. The first fifteen minutes',
    'Acknowledge the page within five minutes, even if you cannot act yet. An unacknowledged page escalates to the secondary, and two people working the same incident without talking to each other is worse than one person working it slowly.',
    'Open an incident channel named after the date and a short symptom, for example inc-payments-slow-auth. Post what fired, what you see, and what you are about to try. Write in full sentences; the channel becomes the timeline for the review.',
    'Decide early whether customers are affected. Declined cards are normal; a drop in the success rate across every card network at once is not. If in doubt, look at the storefront error panel: a real outage shows up there within a few minutes.',
    'If customers are affected, post a short notice on the status page. Say what is broken and when you will update next, not what you think the cause is. Update it at least every thirty minutes until the incident is resolved.',
  ],
  [
    '## 4. Common causes and what to do',
    '### 4.1 The gateway is slow',
    'Slow authorisations are usually the gateway, not us. Check the gateway status page and their incident feed before you change anything on our side. If they confirm a problem, raise the order service timeout from ten to twenty seconds with the runtime flag payments.gateway.timeout; do not restart the service, a restart drops in-flight authorisations.',
    'While the gateway is slow, the retry queue grows. That is expected and it drains by itself once latency recovers. Do not purge it: every message in it is a customer waiting for an answer.',
    '### 4.2 Duplicate charges reported',
    'A customer reporting two charges for one order is almost always an authorisation that was retried after a timeout and later released by the bank. Look up the order by its external id and check the gateway reference on each attempt. Two references with one capture is fine; two captures is an incident, and you should page the team lead.',
    'Never refund by hand from the gateway console during an incident. Refunds go through the order service so the ledger stays in step; a refund made in the console shows up as an unexplained difference at month end.',
    '### 4.3 Orders stuck in paid',
    'Orders that stay in paid for more than an hour usually mean the warehouse consumer stopped. Check the consumer lag panel and the warehouse service logs. Restarting the consumer is safe: it resumes from its last committed offset and the warehouse ignores messages it has already processed.',
    'Do not move orders to fulfilling by hand. The warehouse owns that transition, and an order moved by hand will not be picked, so the customer waits for a parcel that never leaves the building.',
    '### 4.4 A cancel that fails',
    'Customers can cancel until the warehouse starts fulfilling. After that the API answers that the transition is no longer allowed, and support has to ask the warehouse to stop the parcel or arrange a return. This is by design: cancelling an order that is already on a conveyor belt only moves the problem to the loading dock.',
  ],
  [
    '## 5. Communication',
    'The incident lead talks to the outside world; everybody else talks in the incident channel. If you are alone, you are the lead until somebody takes it from you explicitly, with the words "I am taking incident lead".',
    'Support needs three things from you: whether customers should retry, whether they will be charged twice, and when the next update comes. Give them those three things in plain words, even if the answer is "we do not know yet".',
    'Keep engineering speculation out of the status page. It is fine to say that payments are slow and that we are working with our provider. It is not fine to name the provider or guess at the cause before the review.',
  ],
  [
    '## 6. Handing over',
    'If an incident runs past the end of your shift, hand over in the channel and on a call. Say what is known, what was tried, what is still running, and what you would do next. The person taking over confirms in writing before you leave.',
    'Leave a note in the on-call log even for quiet weeks. A week without pages is useful information too: it tells the next person that the alerts are not simply broken.',
  ],
  [
    '## 7. After the incident',
    'Write the review within five working days. Keep it blameless and specific: what happened, when, what we saw, what we did, and what we will change. Every action item gets an owner and a date; an action item without an owner is a wish.',
    'Link the review from this runbook if it taught us something a future on-call engineer needs at three in the morning. Otherwise link it from the team wiki and move on.',
    'Finally, look back at this document. If a step was wrong, slow, or missing, fix it now. The runbook is only as good as the last incident that used it.',
  ],
  [
    '## 8. Glossary',
    '- Authorisation: the bank agrees to hold the amount; no money moves yet.',
    '- Capture: the held amount is actually taken; this is what customers see as a charge.',
    '- External order id: the id the storefront gives an order before we ever see it.',
    '- Idempotency-Key: one key per customer intent, sent again on every retry of it.',
    '- Retry queue: requests waiting to be tried again after a timeout or a 5xx answer.',
    'When a word in an alert or a dashboard is not in this list and you had to look it up, add it here. The next person will be just as tired as you were.',
  ],
  [
    '## Appendix: useful commands',
    '- Show the oldest unpaid orders: orders list --state paid --older-than 30m',
    '- Show one order with all its attempts: orders show <external-id> --attempts',
    '- Pause the retry consumer: retryctl pause payments-authorise',
    '- Resume the retry consumer: retryctl resume payments-authorise',
    '- Raise the gateway timeout: flags set payments.gateway.timeout 20s',
    '- Put the timeout back: flags unset payments.gateway.timeout',
  ],
];

function wrap(paragraph: string, width: number): string[] {
  if (paragraph.startsWith('#') || paragraph.startsWith('- ')) return [paragraph];
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function render(): string {
  const out: string[] = [];
  for (const section of sections) {
    for (const paragraph of section) {
      const isListItem = paragraph.startsWith('- ');
      const previous = out[out.length - 1];
      // List items sit on consecutive lines; everything else is separated by a blank line.
      if (out.length > 0 && !(isListItem && previous?.startsWith('- '))) out.push('');
      out.push(...wrap(paragraph, 64));
    }
  }
  return `${out.join('\n')}\n`;
}

/** The seeded runbook text (about 200 lines, hard-wrapped at 64 columns). */
export const seedDocumentContent: string = render();
