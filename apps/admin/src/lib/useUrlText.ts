import { useEffect, useRef, useState } from 'react';

/**
 * Text of a filter box whose value also lives in the URL (back/forward and shared links keep it).
 *
 * The box keeps its own text: React Router applies URL updates in a transition, and a box bound to the URL
 * directly drops keystrokes while one is pending. The text follows the URL only when the URL changes from
 * outside (back button, a link); `change` sets the text and hands it on to `push`, which writes the URL.
 */
export function useUrlText(fromUrl: string, push: (text: string) => void): [string, (text: string) => void] {
  const [text, setText] = useState(fromUrl);
  const pushed = useRef(fromUrl);
  useEffect(() => {
    if (fromUrl !== pushed.current) {
      pushed.current = fromUrl;
      setText(fromUrl);
    }
  }, [fromUrl]);
  const change = (next: string) => {
    setText(next);
    pushed.current = next;
    push(next);
  };
  return [text, change];
}
