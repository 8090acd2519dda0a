// The fixture server lives in dev/ since `npm start` serves its offline demo from the same code; specs import it here.
export * from '../../dev/fixture-server';
