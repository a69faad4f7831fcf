/**
 * The background's one entrance: every message is checked for who sent it and what shape it has before a
 * handler sees it, and every answer is a `Reply`. No browser API here, so the rules are tested in Node.
 */
import { MESSAGE_RULES, classifySender, errorReply, isMessage, parseMessage } from '../messages';
import type { Message, MessageType, Reply, SenderKind } from '../messages';

/** The parts of runtime.MessageSender the router reads. */
export interface MessageSenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number };
  frameId?: number;
}

/** What a handler knows about where its message came from. */
export interface SenderContext {
  kind: SenderKind;
  /** the sending tab, when it was sent from one (content scripts always are) */
  tabId: number | null;
  /** the sender's URL as the browser reported it */
  url: string;
}

export type Handlers = {
  [K in MessageType]: (message: Extract<Message, { type: K }>, context: SenderContext) => Promise<Reply<K>>;
};

export interface ExtensionIdentity {
  runtimeId: string;
  /** runtime.getURL(''), e.g. chrome-extension://<id>/ */
  extensionBaseUrl: string;
}

export type Router = (raw: unknown, sender: MessageSenderInfo) => Promise<Reply>;

export function createRouter(handlers: Handlers, identity: ExtensionIdentity): Router {
  return async (raw, sender) => {
    const kind = classifySender(sender, identity.runtimeId, identity.extensionBaseUrl);
    if (kind === null) return errorReply('refused: messages are accepted only from this extension\'s pages and its content script on webmail');
    const message = parseMessage(raw);
    if (!isMessage(message)) return errorReply(`bad message: ${message.error}`);
    if (!MESSAGE_RULES[message.type].from.includes(kind)) {
      return errorReply(`refused: "${message.type}" is not accepted from ${kind === 'content' ? 'a content script' : 'an extension page'}`);
    }
    const context: SenderContext = { kind, tabId: sender.tab?.id ?? null, url: sender.url ?? '' };
    try {
      return await dispatch(handlers, message, context);
    } catch (error) {
      return errorReply(`${message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

function dispatch(handlers: Handlers, message: Message, context: SenderContext): Promise<Reply> {
  switch (message.type) {
    case 'ping':
      return handlers.ping(message, context);
    case 'bounce-found':
      return handlers['bounce-found'](message, context);
    case 'wording-patterns':
      return handlers['wording-patterns'](message, context);
    case 'check-domain':
      return handlers['check-domain'](message, context);
    case 'get-tab-state':
      return handlers['get-tab-state'](message, context);
    case 'open-details':
      return handlers['open-details'](message, context);
    case 'clear-cache':
      return handlers['clear-cache'](message, context);
    case 'verify-dkim':
      return handlers['verify-dkim'](message, context);
  }
}
