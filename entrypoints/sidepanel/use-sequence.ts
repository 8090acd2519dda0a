import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '../../lib/i18n';
import type { Reply, Request, SequenceInfo } from '../../lib/messages';
import { sequenceSaveMessage } from '../../lib/sequences/words';
import { onSequencesChange } from '../../lib/store/sequences';

type Action = 'pause' | 'resume' | 'cancel' | 'retry';

/** The side panel's sequence state for the followed tab: what it offers, its job's live progress, and the actions. */
export function useSequence(tabId: number | null, url: string | null, postId: string | null) {
  const [info, setInfo] = useState<SequenceInfo | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const current = useRef<SequenceInfo | null>(null);
  current.current = info;

  const load = useCallback(async () => {
    if (!url) return setInfo(null);
    try {
      const reply = (await browser.runtime.sendMessage({
        type: 'sequence-info',
        url,
        postId: postId ?? undefined,
      } satisfies Request<'sequence-info'>)) as Reply<'sequence-info'> | undefined;
      setInfo(reply ?? null);
    } catch {
      setInfo(null);
    }
  }, [url, postId]);

  useEffect(() => {
    setInfo(null);
    setMessage(null);
    void load();
  }, [load]);

  const refreshJob = useCallback(
    async (id: string) => {
      const reply = (await browser.runtime
        .sendMessage({ type: 'sequence-job', id } satisfies Request<'sequence-job'>)
        .catch(() => undefined)) as Reply<'sequence-job'> | undefined;
      const job = reply?.job;
      if (!job) return;
      setInfo((i) => (i?.target?.id === id ? { ...i, job } : i));
      // A finished job changes the saved contents: read them again.
      if (job.status === 'done' && current.current?.job?.status !== 'done') void load();
    },
    [load],
  );

  useEffect(
    () =>
      onSequencesChange((ids) => {
        const id = current.current?.target?.id;
        if (id && ids.includes(id)) void refreshJob(id);
      }),
    [refreshJob],
  );

  const onSave = useCallback(
    async (target: string) => {
      setMessage(t('askingSiteForSequence'));
      const reply = (await browser.runtime
        .sendMessage({ type: 'sequence-save', url: target } satisfies Request<'sequence-save'>)
        .catch((e: unknown) => ({
          ok: false,
          error: t('saveStartFailed', String(e)),
        }))) as Reply<'sequence-save'>;
      setMessage(reply.ok ? null : sequenceSaveMessage(reply));
      if (reply.ok) await refreshJob(reply.id);
    },
    [refreshJob],
  );

  const onControl = useCallback(async (id: string, action: Action, post?: string) => {
    const reply = (await browser.runtime
      .sendMessage({ type: 'sequence-control', id, action, postId: post } satisfies Request<'sequence-control'>)
      .catch(() => undefined)) as Reply<'sequence-control'> | undefined;
    const job = reply?.job;
    if (job) setInfo((i) => (i?.target?.id === id ? { ...i, job } : i));
  }, []);

  const onNavigate = useCallback(
    (to: string) => {
      if (tabId !== null) void browser.tabs.update(tabId, { url: to });
    },
    [tabId],
  );

  return { info, message, onSave, onControl, onNavigate };
}
