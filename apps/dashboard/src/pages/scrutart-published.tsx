import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { api } from '../api/client';
import type { PublishedArtist, PublishedArtistList } from '../api/types';
import { Card, ErrorNote, formatTime, Loading } from '../components/common';
import { Pager } from '../components/pager';

/** Artists per page of the list, and images per page of a gallery (the routes allow up to 100). */
const ARTISTS_PAGE = 20;
const IMAGES_PAGE = 24;
const QID = /^Q[1-9]\d{0,18}$/;

/** What the URL keeps: the selected artist and where each list starts, so a link reopens the same view. */
interface PublishedView {
  artist: string | null;
  artistsFrom: number;
  imagesFrom: number;
}

function offsetOf(text: string | undefined): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

function viewOf(search: Record<string, string | undefined>): PublishedView {
  return {
    artist: search.artist !== undefined && QID.test(search.artist) ? search.artist : null,
    artistsFrom: offsetOf(search.artists_from),
    imagesFrom: offsetOf(search.images_from),
  };
}

function searchOf(view: PublishedView): Record<string, string | undefined> {
  return {
    artist: view.artist ?? undefined,
    artists_from: view.artistsFrom > 0 ? String(view.artistsFrom) : undefined,
    images_from: view.imagesFrom > 0 ? String(view.imagesFrom) : undefined,
  };
}

/** A step of a pager: the view (artist and offsets) is replaced in the URL, not pushed, as every choice here is. */
function PageStep(props: { text: string; onClick: () => void }) {
  return (
    <button type="button" onClick={props.onClick}>
      {props.text}
    </button>
  );
}

function ArtistPublications(props: { qid: string; imagesFrom: number; goImages: (offset: number) => void }) {
  const { qid, imagesFrom } = props;
  const published = useQuery({
    queryKey: ['scrutart', 'published', qid, imagesFrom],
    queryFn: () => api<PublishedArtist>(`/api/scrutart/artists/${qid}?limit=${IMAGES_PAGE}&offset=${imagesFrom}`),
    placeholderData: keepPreviousData,
  });
  if (published.isPending) return <Loading what={`what was published for ${qid}`} />;
  if (published.error) return <ErrorNote error={published.error} title={qid} />;
  const { artist, pages, gallery } = published.data;
  return (
    <div data-testid="published-artist">
      <h3>
        {artist.name ?? qid} <code>{qid}</code>
      </h3>
      <h4>Pages</h4>
      {pages.length === 0 ? (
        <p className="muted">No page yet.</p>
      ) : (
        <table className="table" data-testid="published-pages">
          <thead>
            <tr>
              <th>Language</th>
              <th>Page</th>
              <th>Status</th>
              <th>WordPress id</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {pages.map((page) => (
              <tr key={page.language}>
                <td>{page.language}</td>
                <td>
                  {page.url ? (
                    <a href={page.url} target="_blank" rel="noreferrer noopener">
                      {page.title}
                    </a>
                  ) : (
                    page.title
                  )}
                </td>
                <td>{page.status}</td>
                <td>{page.wordpress_id ?? '—'}</td>
                <td className="small">{formatTime(page.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>
        Gallery
        {gallery.url && (
          <>
            {' · '}
            <a href={gallery.url} target="_blank" rel="noreferrer noopener">
              Piwigo album {gallery.piwigo_album_id}
            </a>
          </>
        )}
      </h4>
      {gallery.images_total === 0 ? (
        <p className="muted">No image uploaded{gallery.url ? '' : ' (no Piwigo album)'}.</p>
      ) : (
        // Links, not <img>: the gateway's Content-Security-Policy lets images load from its own origin only.
        <table className="table" data-testid="published-gallery">
          <thead>
            <tr>
              <th>Work</th>
              <th>Image on Piwigo</th>
              <th>Source</th>
              <th>Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {gallery.images.map((image) => (
              <tr key={image.work_qid}>
                <td>
                  <code>{image.work_qid}</code>
                </td>
                <td>
                  {image.url ? (
                    <a href={image.url} target="_blank" rel="noreferrer noopener">
                      {image.title ?? `image ${image.piwigo_image_id}`}
                    </a>
                  ) : (
                    (image.title ?? `image ${image.piwigo_image_id}`)
                  )}
                </td>
                <td>
                  {image.source_url && (
                    <a href={image.source_url} target="_blank" rel="noreferrer noopener">
                      Commons
                    </a>
                  )}
                </td>
                <td className="small">{formatTime(image.uploaded_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        label="Gallery"
        total={gallery.images_total}
        offset={imagesFrom}
        size={IMAGES_PAGE}
        step={(offset, text) => <PageStep text={text} onClick={() => props.goImages(offset)} />}
      />
    </div>
  );
}

/** The artists Scrutart processed (paged) and, for the one selected in the URL, its pages and gallery. */
export function PublishedSection() {
  const navigate = useNavigate();
  const view = viewOf(useSearch({ from: '/scrutart' }));
  const go = (next: PublishedView) => void navigate({ to: '/scrutart', search: searchOf(next), replace: true });
  const artists = useQuery({
    queryKey: ['scrutart', 'published', 'artists', view.artistsFrom],
    queryFn: () => api<PublishedArtistList>(`/api/scrutart/artists?limit=${ARTISTS_PAGE}&offset=${view.artistsFrom}`),
    placeholderData: keepPreviousData,
  });
  return (
    <Card title={`Published${artists.data ? ` (${artists.data.total} artists)` : ''}`}>
      {artists.isPending && <Loading what="the artists processed" />}
      <ErrorNote error={artists.error} />
      {artists.data && artists.data.total === 0 && <p className="muted">No artist processed yet.</p>}
      {artists.data && artists.data.items.length > 0 && (
        <div className="split">
          <div>
            <table className="table" data-testid="published-artists">
              <thead>
                <tr>
                  <th>Artist</th>
                  <th>Pages</th>
                  <th>Images</th>
                  <th>Processed</th>
                </tr>
              </thead>
              <tbody>
                {artists.data.items.map((artist) => (
                  <tr key={artist.qid} className={artist.qid === view.artist ? 'selected' : undefined}>
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() => go({ ...view, artist: artist.qid, imagesFrom: 0 })}
                      >
                        {artist.name ?? artist.qid}
                      </button>{' '}
                      <code className="small">{artist.qid}</code>
                    </td>
                    <td>{artist.pages_count}</td>
                    <td>{artist.images_count}</td>
                    <td className="small">{formatTime(artist.last_processed_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager
              label="Artists"
              total={artists.data.total}
              offset={view.artistsFrom}
              size={ARTISTS_PAGE}
              step={(offset, text) => <PageStep text={text} onClick={() => go({ ...view, artistsFrom: offset })} />}
            />
          </div>
          <div>
            {view.artist ? (
              <ArtistPublications
                qid={view.artist}
                imagesFrom={view.imagesFrom}
                goImages={(offset) => go({ ...view, imagesFrom: offset })}
              />
            ) : (
              <p className="muted">Choose an artist to see its pages and gallery.</p>
            )}
          </div>
        </div>
      )}
    </Card>
  );
}
