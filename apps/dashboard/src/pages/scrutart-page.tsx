import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../api/client';
import type { components } from '../api/openapi.gen';
import { Card, ErrorNote, Loading } from '../components/common';
import { parseQids } from '../lib/qid-list';
import { allows, useRole } from '../session';
import { startRun, useFlows } from '../api/flows';
import { PublishedSection } from './scrutart-published';

type ArtistPreview = components['schemas']['ArtistPreviewDoc'];

const ARTIST_FLOW = 'scrutart.process-artist';
const BATCH_FLOW = 'scrutart.process-batch';
const LANGUAGES = ['fr', 'en', 'es'] as const;
const MODES = ['draft', 'publish', 'review', 'none'] as const;

/** Batch presets: the scrutart-batch-processing deployment's painters, and two more groups to start from. */
const PRESETS: { name: string; qids: string[] }[] = [
  { name: 'Impressionnistes', qids: ['Q296', 'Q46373', 'Q134741', 'Q175130'] },
  { name: 'Post-impressionnistes', qids: ['Q5582', 'Q35548', 'Q37693'] },
  { name: 'Un seul : Claude Monet', qids: ['Q296'] },
];

function Preview({ qid }: { qid: string }) {
  const preview = useQuery({
    queryKey: ['scrutart', 'preview', qid],
    queryFn: () => api<ArtistPreview>(`/api/scrutart/artist/${qid}/preview`),
    staleTime: 3_600_000,
    retry: false,
  });
  if (preview.isPending) return <Loading what={`${qid} from Wikidata`} />;
  if (preview.error) return <ErrorNote error={preview.error} title={qid} />;
  const artist = preview.data;
  return (
    <div className="artist" data-testid="artist-preview">
      <strong>{artist.name}</strong> <code>{artist.qid}</code>
      <div>{artist.description}</div>
      <div className="muted small">
        {[artist.birth_year, artist.death_year].filter((year) => year !== null).join('–')} · {artist.nationality ?? '?'}{' '}
        · {artist.movement ?? '?'}
        {artist.image && (
          <>
            {' · '}
            <a href={artist.image} target="_blank" rel="noreferrer">
              portrait
            </a>
          </>
        )}
      </div>
    </div>
  );
}

export function ScrutartPage() {
  const flows = useFlows();
  const role = useRole();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [batchName, setBatchName] = useState('');
  const [languages, setLanguages] = useState<string[]>(['fr']);
  const [mode, setMode] = useState<string>('draft');
  const [previewQid, setPreviewQid] = useState<string | null>(null);
  const { qids, invalid } = parseQids(text);
  const start = useMutation({
    mutationFn: () =>
      qids.length === 1
        ? startRun(ARTIST_FLOW, { qid: qids[0], languages, auto_publish: mode })
        : startRun(BATCH_FLOW, { qids, batch_name: batchName, languages, auto_publish: mode }),
    onSuccess: (run) => navigate({ to: '/runs/$runId', params: { runId: run.id } }),
  });

  const available = flows.data?.some((flow) => flow.name === ARTIST_FLOW);
  if (flows.data && !available) {
    return (
      <div className="page">
        <h1>Scrutart</h1>
        <p className="note">The Scrutart domain is not mounted on this gateway (no {ARTIST_FLOW} flow).</p>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>Scrutart</h1>
      <Card title="Painters to process">
        <p className="muted small">
          One Wikidata QID publishes one artist; a list starts a batch (one child run each). Presets:{' '}
          {PRESETS.map((preset) => (
            <button
              key={preset.name}
              type="button"
              className="chip"
              onClick={() => {
                setText(preset.qids.join(' '));
                setBatchName(preset.qids.length > 1 ? preset.name : '');
              }}
            >
              {preset.name}
            </button>
          ))}
        </p>
        <textarea
          aria-label="QIDs"
          rows={3}
          value={text}
          placeholder="Q296 Q5582 …"
          onChange={(event) => setText(event.target.value)}
        />
        {invalid.length > 0 && (
          <p className="error-text">Not Wikidata item ids: {invalid.join(', ')} (expected Q followed by digits).</p>
        )}
        <div className="filters">
          {qids.length > 1 && (
            <label>
              Batch name
              <input value={batchName} onChange={(event) => setBatchName(event.target.value)} />
            </label>
          )}
          <fieldset className="state-chips">
            <legend>Languages</legend>
            {LANGUAGES.map((language) => (
              <label key={language} className={languages.includes(language) ? 'chip on' : 'chip'}>
                <input
                  type="checkbox"
                  checked={languages.includes(language)}
                  onChange={() =>
                    setLanguages(
                      languages.includes(language)
                        ? languages.filter((other) => other !== language)
                        : [...languages, language],
                    )
                  }
                />
                {language}
              </label>
            ))}
          </fieldset>
          <label>
            Publish as
            <select value={mode} onChange={(event) => setMode(event.target.value)}>
              {MODES.map((candidate) => (
                <option key={candidate}>{candidate}</option>
              ))}
            </select>
          </label>
        </div>
        <div className="button-row">
          {qids.length > 0 && (
            <button type="button" onClick={() => setPreviewQid(qids[0])}>
              Preview {qids[0]}
            </button>
          )}
          {allows(role, 'operator') && (
            <button
              type="button"
              className="primary"
              disabled={qids.length === 0 || invalid.length > 0 || languages.length === 0 || start.isPending}
              onClick={() => start.mutate()}
            >
              {qids.length > 1 ? `Process ${qids.length} painters` : 'Process this painter'}
            </button>
          )}
        </div>
        <ErrorNote error={start.error} />
        {previewQid && <Preview qid={previewQid} />}
      </Card>
      <PublishedSection />
    </div>
  );
}
