// Loading state of one API read inside a view: data, error and a reload, in signals; a newer
// load supersedes an older one still in flight.
import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { ApiError } from '../api/http.js';

export interface Loader<T> {
  data: Signal<T | undefined>;
  error: Signal<ApiError | undefined>;
  loading: Signal<boolean>;
  reload(): Promise<void>;
}

/** Runs `fetcher` now and whenever `key` changes. */
export function useLoader<T>(key: string, fetcher: () => Promise<T>): Loader<T> {
  const data = useSignal<T | undefined>(undefined);
  const error = useSignal<ApiError | undefined>(undefined);
  const loading = useSignal(false);
  const generation = useRef(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const reload = async (): Promise<void> => {
    const mine = ++generation.current;
    loading.value = true;
    try {
      const value = await fetcherRef.current();
      if (mine !== generation.current) return;
      data.value = value;
      error.value = undefined;
    } catch (err) {
      if (mine !== generation.current) return;
      error.value = err as ApiError;
    } finally {
      if (mine === generation.current) loading.value = false;
    }
  };
  useEffect(() => {
    void reload();
    return () => {
      generation.current++;
    };
  }, [key]);
  return { data, error, loading, reload };
}
