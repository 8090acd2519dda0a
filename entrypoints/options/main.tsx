import { render } from 'preact';

function Options() {
  return (
    <main>
      <h1>Lens settings</h1>
      <p>Settings arrive with the in-page reading features.</p>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<Options />, root);
