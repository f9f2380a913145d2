// A page rendered on the server at build time (static), as most App Router pages are.
export default function Home() {
  return (
    <main>
      <h1>fingerprint-segment with Next.js</h1>
      <p>Analytics.js and the Fingerprint agent start in the browser; each event is stamped with the visitorId.</p>
    </main>
  )
}
