import { createRoot } from 'react-dom/client';

function App() {
  return <main>Keyhold</main>;
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
