-- One database and one role per service: no service can read another's tables.
CREATE ROLE upload LOGIN PASSWORD 'upload';
CREATE ROLE intent LOGIN PASSWORD 'intent';
CREATE ROLE build LOGIN PASSWORD 'build';
CREATE ROLE payment LOGIN PASSWORD 'payment';
CREATE ROLE ledger LOGIN PASSWORD 'ledger';
CREATE ROLE notifier LOGIN PASSWORD 'notifier';
CREATE DATABASE upload OWNER upload;
CREATE DATABASE intent OWNER intent;
CREATE DATABASE build OWNER build;
CREATE DATABASE payment OWNER payment;
CREATE DATABASE ledger OWNER ledger;
CREATE DATABASE notifier OWNER notifier;
