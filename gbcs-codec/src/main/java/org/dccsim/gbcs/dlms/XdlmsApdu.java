package org.dccsim.gbcs.dlms;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.dccsim.gbcs.Hex;

/**
 * The three xDLMS APDUs GBCS carries (GBCS 10.x; RTDS-verified): access-request ({@code D9}), access-response
 * ({@code DA}) and data-notification ({@code 0F}). Each starts with long-invoke-id-and-priority, whose low 24 bits
 * GBCS sets to the low 24 bits of the originator counter, and a date-time octet-string that GBCS leaves empty.
 */
public sealed interface XdlmsApdu {
    int ACCESS_REQUEST = 0xD9;
    int ACCESS_RESPONSE = 0xDA;
    int DATA_NOTIFICATION = 0x0F;

    /** The flags byte GBCS uses: 0x20, read as break-on-error by the RTDS error responses. */
    int GBCS_INVOKE_FLAGS = 0x20;

    long invokeIdAndPriority();

    /** The date-time octet-string (empty in every RTDS message). */
    byte[] dateTime();

    static long gbcsInvokeIdAndPriority(long originatorCounter) {
        return ((long) GBCS_INVOKE_FLAGS << 24) | (originatorCounter & 0xFFFFFF);
    }

    record AccessRequest(long invokeIdAndPriority, byte[] dateTime, List<AccessRequestSpecification> specifications,
            List<Data> data) implements XdlmsApdu {
        public AccessRequest {
            dateTime = dateTime.clone();
            specifications = List.copyOf(specifications);
            data = List.copyOf(data);
        }

        public AccessRequest(long invokeIdAndPriority, List<AccessRequestSpecification> specifications, List<Data> data) {
            this(invokeIdAndPriority, new byte[0], specifications, data);
        }

        @Override
        public byte[] dateTime() {
            return dateTime.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AccessRequest a && invokeIdAndPriority == a.invokeIdAndPriority
                    && Arrays.equals(dateTime, a.dateTime) && specifications.equals(a.specifications) && data.equals(a.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(invokeIdAndPriority, specifications, data) * 31 + Arrays.hashCode(dateTime);
        }

        @Override
        public String toString() {
            return "AccessRequest[invoke=" + Long.toHexString(invokeIdAndPriority) + ", dateTime=" + Hex.encode(dateTime)
                    + ", specifications=" + specifications + ", data=" + data + "]";
        }
    }

    /** One item of access-response: choice (1 get, 2 set, 3 action) and its result code. */
    record AccessResponseSpecification(int choice, int result) {
        public AccessResponseSpecification {
            if (choice < 0 || choice > 0xFF || result < 0 || result > 0xFF) {
                throw new IllegalArgumentException("choice and result are bytes");
            }
        }
    }

    /**
     * An access-response. {@code requestSpecifications} is the OPTIONAL echo of the request's items: null when
     * absent, as in every RTDS response.
     */
    record AccessResponse(long invokeIdAndPriority, byte[] dateTime, List<AccessRequestSpecification> requestSpecifications,
            List<Data> data, List<AccessResponseSpecification> results) implements XdlmsApdu {
        public AccessResponse {
            dateTime = dateTime.clone();
            requestSpecifications = requestSpecifications == null ? null : List.copyOf(requestSpecifications);
            data = List.copyOf(data);
            results = List.copyOf(results);
        }

        public AccessResponse(long invokeIdAndPriority, List<Data> data, List<AccessResponseSpecification> results) {
            this(invokeIdAndPriority, new byte[0], null, data, results);
        }

        @Override
        public byte[] dateTime() {
            return dateTime.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AccessResponse a && invokeIdAndPriority == a.invokeIdAndPriority
                    && Arrays.equals(dateTime, a.dateTime) && Objects.equals(requestSpecifications, a.requestSpecifications)
                    && data.equals(a.data) && results.equals(a.results);
        }

        @Override
        public int hashCode() {
            return Objects.hash(invokeIdAndPriority, requestSpecifications, data, results) * 31 + Arrays.hashCode(dateTime);
        }

        @Override
        public String toString() {
            return "AccessResponse[invoke=" + Long.toHexString(invokeIdAndPriority) + ", data=" + data + ", results="
                    + results + "]";
        }
    }

    /** An unsolicited data-notification: the body of a DLMS alert. */
    record DataNotification(long invokeIdAndPriority, byte[] dateTime, Data body) implements XdlmsApdu {
        public DataNotification {
            dateTime = dateTime.clone();
            Objects.requireNonNull(body);
        }

        public DataNotification(long invokeIdAndPriority, Data body) {
            this(invokeIdAndPriority, new byte[0], body);
        }

        @Override
        public byte[] dateTime() {
            return dateTime.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DataNotification n && invokeIdAndPriority == n.invokeIdAndPriority
                    && Arrays.equals(dateTime, n.dateTime) && body.equals(n.body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(invokeIdAndPriority, body) * 31 + Arrays.hashCode(dateTime);
        }

        @Override
        public String toString() {
            return "DataNotification[invoke=" + Long.toHexString(invokeIdAndPriority) + ", body=" + body + "]";
        }
    }
}
