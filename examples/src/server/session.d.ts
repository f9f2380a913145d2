// What the server snippets take from the adopter's own app: the signed-in session of the request.
declare const session: { userId: string }
