// Top level: the screen follows the vault's state; the toasts live above everything.
import { useEffect, useState } from 'react';
import { Toasts } from './components/Toasts.tsx';
import { subscribeEvents } from './events.ts';
import { FirstRun } from './screens/FirstRun.tsx';
import { MainView } from './screens/MainView.tsx';
import { Unlock } from './screens/Unlock.tsx';
import { errorMessage } from './client.ts';
import { useSession } from './stores/session.ts';

export function App() {
  const state = useSession((s) => s.state);
  const [fatal, setFatal] = useState<string | null>(null);

  useEffect(() => {
    let unsubscribe = () => {};
    try {
      unsubscribe = subscribeEvents();
      void useSession.getState().refresh().catch((e) => setFatal(errorMessage(e)));
    } catch (e) {
      setFatal(errorMessage(e));
    }
    // Never let a dropped file navigate the window away from the app.
    const block = (e: DragEvent) => e.preventDefault();
    window.addEventListener('dragover', block);
    window.addEventListener('drop', block);
    return () => {
      unsubscribe();
      window.removeEventListener('dragover', block);
      window.removeEventListener('drop', block);
    };
  }, []);

  return (
    <>
      {fatal ? (
        <main className="gate"><p className="field-error" role="alert">{fatal}</p></main>
      ) : state === 'loading' ? (
        <main className="gate" aria-busy="true" />
      ) : state === 'no-vault' ? (
        <FirstRun />
      ) : state === 'locked' ? (
        <Unlock />
      ) : (
        <MainView />
      )}
      <Toasts />
    </>
  );
}
